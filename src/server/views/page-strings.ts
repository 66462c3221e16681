import type { Locale } from "../../core/locale";

/** Why a buy link's parameter is refused; the page words it in the buyer's language. */
export type LinkProblem =
  | { readonly parameter: string; readonly code: "repeated" }
  | { readonly parameter: "quantity"; readonly code: "not_whole_number"; readonly value: string }
  | {
      readonly parameter: "quantity";
      readonly code: "out_of_range";
      readonly value: number;
      readonly min: number;
      /** `null`: no upper limit. */
      readonly max: number | null;
    }
  | { readonly parameter: "variant"; readonly code: "unknown_variant"; readonly value: string }
  | { readonly parameter: "email"; readonly code: "not_email"; readonly value: string }
  | { readonly parameter: "coupon"; readonly code: "too_long"; readonly max: number }
  | { readonly parameter: "lang"; readonly code: "not_language"; readonly value: string };

/** The sentences of the proxy's own pages (the hosted buy page, the sandbox pay page). */
export interface PageStrings {
  readonly buyNow: string;
  /** Beside the price of a product (or the option the link names) that cannot be bought now. */
  readonly soldOut: string;
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
  readonly backTo: (store: string) => string;
  readonly linkErrorTitle: string;
  readonly linkErrorText: string;
  readonly continueWithout: string;
  readonly notFoundTitle: string;
  readonly notFoundText: string;
  readonly unavailableTitle: string;
  readonly unavailableText: string;
  readonly busyTitle: string;
  readonly busyText: string;
  /** One refused parameter, as a sentence shown after its name. */
  readonly problem: (problem: LinkProblem) => string;
}

/** What each language says about a refused parameter. */
interface ProblemWords {
  readonly repeated: string;
  readonly notWhole: (value: string) => string;
  /** Numbers come written as the language writes them ("1.500" in German). */
  readonly range: (value: string, min: string, max: string) => string;
  readonly atLeast: (value: string, min: string) => string;
  readonly variant: (value: string) => string;
  readonly email: (value: string) => string;
  readonly coupon: (max: string) => string;
  readonly lang: (value: string) => string;
}

/** A value from the link as it is shown back: short, whatever its length. */
const shown = (value: string) => {
  // Cut by code points, never inside a surrogate pair (which the page would show as U+FFFD).
  const points = [...value];
  return points.length > 40 ? `${points.slice(0, 39).join("")}…` : value;
};

function wordProblem(
  words: ProblemWords,
  problem: LinkProblem,
  count: (value: number) => string,
): string {
  switch (problem.code) {
    case "repeated":
      return words.repeated;
    case "not_whole_number":
      return words.notWhole(shown(problem.value));
    case "out_of_range":
      return problem.max === null
        ? words.atLeast(count(problem.value), count(problem.min))
        : words.range(count(problem.value), count(problem.min), count(problem.max));
    case "unknown_variant":
      return words.variant(shown(problem.value));
    case "not_email":
      return words.email(shown(problem.value));
    case "too_long":
      return words.coupon(count(problem.max));
    case "not_language":
      return words.lang(shown(problem.value));
    default: {
      const never: never = problem;
      return never;
    }
  }
}

const problemWords: Record<Locale, ProblemWords> = {
  en: {
    repeated: "appears more than once.",
    notWhole: (value) => `“${value}” is not a whole number.`,
    range: (value, min, max) => `${value} is not possible: choose from ${min} to ${max}.`,
    atLeast: (value, min) => `${value} is not possible: choose ${min} or more.`,
    variant: (value) => `“${value}” is not an option of this product.`,
    email: (value) => `“${value}” is not an email address.`,
    coupon: (max) => `a coupon code has at most ${max} characters.`,
    lang: (value) => `“${value}” is not a language tag (such as de or fr-CA).`,
  },
  de: {
    repeated: "kommt mehr als einmal vor.",
    notWhole: (value) => `„${value}“ ist keine ganze Zahl.`,
    range: (value, min, max) => `${value} ist nicht möglich: Wählen Sie ${min} bis ${max}.`,
    atLeast: (value, min) => `${value} ist nicht möglich: Wählen Sie ${min} oder mehr.`,
    variant: (value) => `„${value}“ ist keine Option dieses Produkts.`,
    email: (value) => `„${value}“ ist keine E-Mail-Adresse.`,
    coupon: (max) => `Ein Gutscheincode hat höchstens ${max} Zeichen.`,
    lang: (value) => `„${value}“ ist kein Sprachcode (wie de oder fr-CA).`,
  },
  fr: {
    repeated: "apparaît plus d’une fois.",
    notWhole: (value) => `« ${value} » n’est pas un nombre entier.`,
    range: (value, min, max) => `${value} n’est pas possible\u202f: choisissez de ${min} à ${max}.`,
    atLeast: (value, min) => `${value} n’est pas possible\u202f: choisissez ${min} ou plus.`,
    variant: (value) => `« ${value} » n’est pas une option de ce produit.`,
    email: (value) => `« ${value} » n’est pas une adresse e-mail.`,
    coupon: (max) => `un code promo compte au plus ${max} caractères.`,
    lang: (value) => `« ${value} » n’est pas un code de langue (comme de ou fr-CA).`,
  },
  es: {
    repeated: "aparece más de una vez.",
    notWhole: (value) => `«${value}» no es un número entero.`,
    range: (value, min, max) => `${value} no es posible: elige de ${min} a ${max}.`,
    atLeast: (value, min) => `${value} no es posible: elige ${min} o más.`,
    variant: (value) => `«${value}» no es una opción de este producto.`,
    email: (value) => `«${value}» no es una dirección de correo electrónico.`,
    coupon: (max) => `un código de descuento tiene como máximo ${max} caracteres.`,
    lang: (value) => `«${value}» no es un código de idioma (como de o fr-CA).`,
  },
  ja: {
    repeated: "同じ項目が複数回指定されています。",
    notWhole: (value) => `「${value}」は整数ではありません。`,
    range: (value, min, max) => `${value} は選べません。${min}〜${max} の範囲でお選びください。`,
    atLeast: (value, min) => `${value} は選べません。${min} 以上でお選びください。`,
    variant: (value) => `「${value}」はこの商品の選択肢にありません。`,
    email: (value) => `「${value}」はメールアドレスではありません。`,
    coupon: (max) => `クーポンコードは ${max} 文字以内です。`,
    lang: (value) => `「${value}」は言語コード（de や fr-CA など）ではありません。`,
  },
};

type Sentences = Omit<PageStrings, "problem">;

const sentences: Record<Locale, Sentences> = {
  en: {
    buyNow: "Buy now",
    soldOut: "Sold out",
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
    backTo: (store) => `Back to ${store}`,
    linkErrorTitle: "This buy link cannot be used as it is",
    linkErrorText: "Please check the link, or ask the shop for a new one.",
    continueWithout: "Continue without what is listed above",
    notFoundTitle: "This product is not available",
    notFoundText: "The link may be out of date, or the product is no longer sold.",
    unavailableTitle: "The shop cannot be reached right now",
    unavailableText: "Please try again in a moment.",
    busyTitle: "Too many attempts from your connection",
    busyText: "Please try again in a few minutes.",
  },
  de: {
    buyNow: "Jetzt kaufen",
    soldOut: "Ausverkauft",
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
    backTo: (store) => `Zurück zu ${store}`,
    linkErrorTitle: "Dieser Kauflink ist so nicht verwendbar",
    linkErrorText: "Bitte prüfen Sie den Link oder bitten Sie den Shop um einen neuen.",
    continueWithout: "Ohne das oben Genannte fortfahren",
    notFoundTitle: "Dieses Produkt ist nicht erhältlich",
    notFoundText: "Der Link ist vielleicht veraltet, oder das Produkt wird nicht mehr verkauft.",
    unavailableTitle: "Der Shop ist gerade nicht erreichbar",
    unavailableText: "Bitte versuchen Sie es gleich noch einmal.",
    busyTitle: "Zu viele Versuche von Ihrer Verbindung",
    busyText: "Bitte versuchen Sie es in einigen Minuten erneut.",
  },
  fr: {
    buyNow: "Acheter maintenant",
    soldOut: "Épuisé",
    sandboxTitle: "Paiement de test",
    sandboxIntro:
      "Ceci est le bac à sable Kiosk\u202f: aucun argent ne circule. Choisissez l’issue du paiement.",
    total: "Total",
    pay: "Payer",
    fail: "Échouer",
    notOpen: "Cette commande n’attend plus de paiement.",
    paidTitle: "Paiement reçu",
    paidText:
      "Votre commande est terminée. Vous pouvez fermer cet onglet et revenir à la boutique.",
    failedTitle: "Échec du paiement",
    failedText: "Rien n’a été débité. Vous pouvez fermer cet onglet et revenir à la boutique.",
    backTo: (store) => `Retour à ${store}`,
    linkErrorTitle: "Ce lien d’achat ne peut pas être utilisé tel quel",
    linkErrorText: "Vérifiez le lien ou demandez-en un nouveau à la boutique.",
    continueWithout: "Continuer sans ce qui est indiqué ci-dessus",
    notFoundTitle: "Ce produit n’est pas disponible",
    notFoundText: "Le lien est peut-être périmé, ou le produit n’est plus vendu.",
    unavailableTitle: "La boutique est injoignable pour le moment",
    unavailableText: "Veuillez réessayer dans un instant.",
    busyTitle: "Trop de tentatives depuis votre connexion",
    busyText: "Réessayez dans quelques minutes.",
  },
  es: {
    buyNow: "Comprar ahora",
    soldOut: "Agotado",
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
    backTo: (store) => `Volver a ${store}`,
    linkErrorTitle: "Este enlace de compra no se puede usar tal como está",
    linkErrorText: "Revisa el enlace o pide uno nuevo a la tienda.",
    continueWithout: "Continuar sin lo indicado arriba",
    notFoundTitle: "Este producto no está disponible",
    notFoundText: "Puede que el enlace esté desactualizado o que el producto ya no se venda.",
    unavailableTitle: "No se puede acceder a la tienda en este momento",
    unavailableText: "Inténtalo de nuevo en un momento.",
    busyTitle: "Demasiados intentos desde tu conexión",
    busyText: "Inténtalo de nuevo dentro de unos minutos.",
  },
  ja: {
    buyNow: "今すぐ購入",
    soldOut: "売り切れ",
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
    backTo: (store) => `${store} に戻る`,
    linkErrorTitle: "この購入リンクはこのままでは使えません",
    linkErrorText: "リンクをご確認いただくか、ショップに新しいリンクをお求めください。",
    continueWithout: "上記を除いて続ける",
    notFoundTitle: "この商品はご購入いただけません",
    notFoundText: "リンクが古いか、この商品の販売が終了している可能性があります。",
    unavailableTitle: "現在ショップに接続できません",
    unavailableText: "しばらくしてからもう一度お試しください。",
    busyTitle: "お使いの接続からの試行回数が多すぎます",
    busyText: "数分後にもう一度お試しください。",
  },
};

/** The proxy's pages' sentences in one language. */
export function pageStrings(locale: Locale): PageStrings {
  const words = problemWords[locale];
  const count = new Intl.NumberFormat(locale).format;
  return { ...sentences[locale], problem: (problem) => wordProblem(words, problem, count) };
}
