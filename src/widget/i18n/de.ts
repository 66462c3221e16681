import type { OrderStatus } from "../../core/order-status";
import type { Messages } from "./en";
import { plural } from "./plural";

const statusNames: Record<OrderStatus, string> = {
  pending: "offen",
  awaiting_payment: "wartet auf Zahlung",
  paid: "bezahlt",
  delivering: "wird geliefert",
  completed: "abgeschlossen",
  failed: "nicht bezahlt",
  refunded: "erstattet",
  expired: "abgelaufen",
  cancelled: "storniert",
};

/** German. */
export const messages: Messages = {
  loading: "Wird geladen…",
  buy: "Kaufen",
  soldOut: "Ausverkauft",
  unlimited: "Auf Lager",
  stockLeft: ({ count }) =>
    plural("de", count, { one: "Nur noch {count}", other: "Nur noch {count}" }),
  variant: "Variante",
  productMissing: "Dieses Produkt ist nicht verfügbar.",
  loadFailed: "Der Shop ist nicht erreichbar. Bitte versuchen Sie es später erneut.",
  retry: "Erneut versuchen",
  find: "Suchen",
  search: "Produkte suchen",
  noResults: "Keine Produkte passen zu Ihrer Suche.",
  noProducts: "Hier gibt es noch keine Produkte.",
  found: ({ count, pages }) =>
    pages > 1
      ? `Produkte auf ${pages} Seiten gefunden.`
      : plural("de", count, {
          one: "{count} Produkt gefunden.",
          other: "{count} Produkte gefunden.",
        }),
  pages: "Produktseiten",
  previous: "Zurück",
  next: "Weiter",
  pageOf: ({ page, count }) => `Seite ${page} von ${count}`,

  title: "Kasse",
  close: "Schließen",
  quantity: "Menge",
  decrease: "Menge verringern",
  increase: "Menge erhöhen",
  email: "E-Mail für die Lieferung",
  required: " (Pflichtfeld)",
  coupon: "Gutscheincode",
  apply: "Einlösen",
  remove: "Entfernen",
  couponApplied: ({ code }) => `${code} eingelöst`,
  subtotal: "Zwischensumme",
  discount: "Rabatt",
  total: "Gesamt",
  quoting: "Preis wird aktualisiert…",
  paymentMethod: "Zahlungsart",
  pay: ({ total }) => `${total} bezahlen`,
  payPending: "Bezahlen",
  getFree: "Kostenlos erhalten",
  submitting: "Ihre Bestellung wird angelegt…",
  fixErrors: "Bitte prüfen Sie die markierten Felder.",
  openPayment: "Zahlungsseite öffnen",
  paymentOpened:
    "Schließen Sie die Zahlung im neuen Fenster ab. Dieses Fenster aktualisiert sich danach von selbst.",
  waiting: "Warten auf die Zahlung…",
  paymentByEmail: ({ email }) =>
    `Ihre Bestellung wurde aufgegeben. Der Shop sendet die Rechnung an ${email}: Bitte zahlen Sie dort. Dieses Fenster aktualisiert sich, sobald die Zahlung eingeht.`,
  statusName: ({ status }) => statusNames[status],
  status: ({ status }) => `Bestellstatus: ${statusNames[status]}`,
  completed: "Vielen Dank! Ihre Bestellung ist abgeschlossen.",
  orderNumber: ({ id }) => `Bestellnummer: ${id}`,
  delivered: "Ihre Artikel",
  announceTotal: ({ total }) => `Der Gesamtbetrag beträgt ${total}.`,
  announceCoupon: ({ code, total }) =>
    `Code ${code} angenommen. Der Gesamtbetrag beträgt ${total}.`,
  announceWaiting: "Wir warten auf Ihre Zahlung.",
  announceStatus: ({ status }) => `Bestellung aktualisiert: ${statusNames[status]}.`,
  announceDone: "Ihre Bestellung ist abgeschlossen.",
  copy: "Kopieren",
  copied: "Kopiert",
  copyFailed: "Kopieren nicht möglich. Bitte markieren und selbst kopieren.",
  orderFailed: ({ status }) =>
    status === "refunded"
      ? "Die Bestellung wurde erstattet: Sie erhalten Ihre Zahlung zurück. Sie können es erneut versuchen."
      : `Die Bestellung ist ${statusNames[status]}. Es wurde nichts berechnet; Sie können es erneut versuchen.`,
  tryAgain: "Erneut versuchen",
  followLost:
    "Wir haben Ihre Bestellung aus den Augen verloren. Laden Sie die Seite neu, um den Status zu sehen.",

  "failure.network":
    "Der Shop ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
  "failure.rate_limited": ({ wait }: { wait?: number | undefined }) =>
    `Zu viele Versuche. Bitte versuchen Sie es ${wait ? `in ${wait} Min. erneut` : "gleich noch einmal"}.`,
  "failure.upstream_unavailable":
    "Die Zahlungsplattform antwortet gerade nicht. Bitte versuchen Sie es in einer Minute erneut.",
  "failure.conflict":
    "Die Bestellung hat sich beim Senden geändert. Bitte senden Sie sie noch einmal ab.",
  "failure.not_found": "Dieses Produkt ist nicht mehr verfügbar.",
  "failure.price_changed":
    "Der Preis hat sich geändert. Prüfen Sie den neuen Gesamtbetrag und zahlen Sie dann erneut.",
  "failure.invalid": "Bitte prüfen Sie die markierten Felder.",
  "failure.bad_response":
    "Der Shop hat unverständlich geantwortet. Bitte versuchen Sie es später erneut.",
  "failure.server": "Beim Shop ist ein Fehler aufgetreten. Bitte versuchen Sie es erneut.",

  "problem.not_integer": "Geben Sie eine ganze Zahl ein.",
  "problem.below_min": ({ limit }) =>
    plural("de", limit, { other: "Die Mindestmenge ist {count}." }),
  "problem.above_max": ({ limit }) =>
    plural("de", limit, { other: "Die Höchstmenge ist {count}." }),
  "problem.above_stock": ({ limit }) =>
    plural("de", limit, {
      one: "Nur noch {count} verfügbar.",
      other: "Nur noch {count} verfügbar.",
    }),
  "problem.sold_out": "Dieses Produkt ist ausverkauft.",
  "problem.unavailable": "Dieses Produkt kann gerade nicht gekauft werden.",
  "problem.required": "Bitte füllen Sie dieses Feld aus.",
  "problem.too_long": ({ limit }) => plural("de", limit, { other: "Höchstens {count} Zeichen." }),
  "problem.not_email": "Geben Sie eine E-Mail-Adresse ein, etwa name@example.com.",
  "problem.not_number": "Geben Sie eine Zahl ein, etwa 12 oder 3,5.",
  "problem.unknown_field": "Dieses Feld wird für diese Produkte nicht abgefragt.",
  "problem.unknown_product": "Dieses Produkt wird hier nicht verkauft.",
  "problem.unknown_variant": "Diese Variante gibt es für dieses Produkt nicht.",
  "problem.variant_required": "Wählen Sie eine Variante.",
  "problem.unknown_payment_method": "Dieser Shop bietet diese Zahlungsart nicht an.",
  "problem.coupon_empty": "Geben Sie zuerst einen Code ein.",
  "problem.coupon_not_found": "Diesen Code gibt es nicht. Prüfen Sie die Schreibweise.",
  "problem.coupon_expired": "Dieser Code ist abgelaufen.",
  "problem.coupon_used_up": "Dieser Code ist aufgebraucht.",
  "problem.coupon_min_order": ({ minimum }) =>
    !minimum
      ? "Ihre Bestellung liegt unter dem Mindestwert dieses Codes. Fügen Sie mehr hinzu."
      : `Dieser Code gilt ab einem Bestellwert von ${minimum}. Fügen Sie mehr hinzu.`,
  "problem.coupon_not_applicable": "Dieser Code gilt nicht für dieses Produkt.",
};
