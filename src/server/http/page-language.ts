import type { Context } from "hono";
import { acceptedLanguages, firstLocale, type Locale, toLocale } from "../../core/locale";

/** The few sentences of the proxy's own pages (the hosted buy page, the sandbox pay page). */
interface PageStrings {
  readonly checkout: string;
  readonly buyNow: string;
  readonly sandboxTitle: string;
  readonly sandboxIntro: string;
  readonly total: string;
  readonly pay: string;
  readonly fail: string;
  readonly notOpen: string;
  readonly paidTitle: string;
  readonly paidText: string;
  readonly failedTitle: string;
  readonly failedText: string;
}

const catalogue: Record<Locale, PageStrings> = {
  en: {
    checkout: "Checkout",
    buyNow: "Buy now",
    sandboxTitle: "Sandbox payment",
    sandboxIntro: "This is the Kiosk sandbox: no money moves. Choose what the payment does.",
    total: "Total",
    pay: "Pay",
    fail: "Fail",
    notOpen: "This order is no longer waiting for a payment.",
    paidTitle: "Payment received",
    paidText: "Your order is complete. You can close this tab and return to the shop.",
    failedTitle: "Payment failed",
    failedText: "Nothing was charged. You can close this tab and return to the shop.",
  },
  de: {
    checkout: "Kasse",
    buyNow: "Jetzt kaufen",
    sandboxTitle: "Sandbox-Zahlung",
    sandboxIntro:
      "Dies ist die Kiosk-Sandbox: Es fließt kein Geld. Wählen Sie, was die Zahlung tut.",
    total: "Gesamt",
    pay: "Bezahlen",
    fail: "Fehlschlagen",
    notOpen: "Diese Bestellung wartet nicht mehr auf eine Zahlung.",
    paidTitle: "Zahlung erhalten",
    paidText:
      "Ihre Bestellung ist abgeschlossen. Sie können diesen Tab schließen und zum Shop zurückkehren.",
    failedTitle: "Zahlung fehlgeschlagen",
    failedText:
      "Es wurde nichts berechnet. Sie können diesen Tab schließen und zum Shop zurückkehren.",
  },
  fr: {
    checkout: "Paiement",
    buyNow: "Acheter maintenant",
    sandboxTitle: "Paiement de test",
    sandboxIntro:
      "Ceci est le bac à sable Kiosk : aucun argent ne circule. Choisissez l’issue du paiement.",
    total: "Total",
    pay: "Payer",
    fail: "Échouer",
    notOpen: "Cette commande n’attend plus de paiement.",
    paidTitle: "Paiement reçu",
    paidText:
      "Votre commande est terminée. Vous pouvez fermer cet onglet et revenir à la boutique.",
    failedTitle: "Échec du paiement",
    failedText: "Rien n’a été débité. Vous pouvez fermer cet onglet et revenir à la boutique.",
  },
  es: {
    checkout: "Pago",
    buyNow: "Comprar ahora",
    sandboxTitle: "Pago de prueba",
    sandboxIntro: "Este es el sandbox de Kiosk: no se mueve dinero. Elige qué hace el pago.",
    total: "Total",
    pay: "Pagar",
    fail: "Fallar",
    notOpen: "Este pedido ya no espera un pago.",
    paidTitle: "Pago recibido",
    paidText: "Tu pedido está completo. Puedes cerrar esta pestaña y volver a la tienda.",
    failedTitle: "El pago falló",
    failedText: "No se cobró nada. Puedes cerrar esta pestaña y volver a la tienda.",
  },
  ja: {
    checkout: "ご購入手続き",
    buyNow: "今すぐ購入",
    sandboxTitle: "サンドボックス決済",
    sandboxIntro:
      "これは Kiosk のサンドボックスです。実際のお金は動きません。決済の結果を選んでください。",
    total: "合計",
    pay: "支払う",
    fail: "失敗させる",
    notOpen: "このご注文はお支払い待ちではありません。",
    paidTitle: "お支払いを受け付けました",
    paidText: "ご注文が完了しました。このタブを閉じてショップにお戻りください。",
    failedTitle: "お支払いに失敗しました",
    failedText: "請求は発生していません。このタブを閉じてショップにお戻りください。",
  },
};

/** A page's language and its strings. */
export interface PageLanguage {
  readonly locale: Locale;
  readonly strings: PageStrings;
  /** `?lang=` to carry on links and form actions when the page was asked for one; else "". */
  readonly query: string;
}

/**
 * The language of a page the proxy renders: a `lang` query parameter it ships (`?lang=de`),
 * else the browser's `Accept-Language`, else English.
 */
export function pageLanguage(context: Context): PageLanguage {
  const asked = toLocale(context.req.query("lang")?.slice(0, 35));
  const locale = asked ?? firstLocale(acceptedLanguages(context.req.header("accept-language")));
  return { locale, strings: catalogue[locale], query: asked ? `?lang=${asked}` : "" };
}
