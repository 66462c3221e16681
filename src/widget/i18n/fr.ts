import type { OrderStatus } from "../../core/order-status";
import type { Messages } from "./en";
import { plural } from "./plural";

const statusNames: Record<OrderStatus, string> = {
  pending: "en attente",
  awaiting_payment: "en attente de paiement",
  paid: "payée",
  delivering: "en cours de livraison",
  completed: "terminée",
  failed: "non payée",
  refunded: "remboursée",
  expired: "expirée",
  cancelled: "annulée",
};

/** French. */
export const messages: Messages = {
  loading: "Chargement…",
  buy: "Acheter",
  soldOut: "Épuisé",
  unlimited: "En stock",
  stockLeft: ({ count }) =>
    plural("fr", count, { one: "{count} restant", other: "{count} restants" }),
  variant: "Option",
  productMissing: "Ce produit n’est pas disponible.",
  loadFailed: "La boutique est injoignable. Veuillez réessayer plus tard.",
  retry: "Réessayer",
  find: "Rechercher",
  search: "Rechercher des produits",
  noResults: "Aucun produit ne correspond à votre recherche.",
  noProducts: "Aucun produit ici pour le moment.",
  found: ({ count, pages }) =>
    pages > 1
      ? `Produits trouvés sur ${pages} pages.`
      : plural("fr", count, { one: "{count} produit trouvé.", other: "{count} produits trouvés." }),
  pages: "Pages de produits",
  previous: "Précédent",
  next: "Suivant",
  pageOf: ({ page, count }) => `Page ${page} sur ${count}`,

  title: "Paiement",
  close: "Fermer",
  quantity: "Quantité",
  decrease: "Diminuer la quantité",
  increase: "Augmenter la quantité",
  email: "E-mail de livraison",
  required: " (obligatoire)",
  coupon: "Code promo",
  apply: "Appliquer",
  remove: "Retirer",
  couponApplied: ({ code }) => `${code} appliqué`,
  subtotal: "Sous-total",
  discount: "Remise",
  total: "Total",
  quoting: "Mise à jour du prix…",
  paymentMethod: "Moyen de paiement",
  pay: ({ total }) => `Payer ${total}`,
  payPending: "Payer",
  getFree: "Obtenir gratuitement",
  submitting: "Création de votre commande…",
  fixErrors: "Veuillez vérifier les champs signalés.",
  openPayment: "Ouvrir la page de paiement",
  paymentOpened:
    "Terminez le paiement dans la nouvelle fenêtre. Cette fenêtre se met à jour d’elle-même ensuite.",
  waiting: "En attente du paiement…",
  paymentByEmail: ({ email }) =>
    `Votre commande est passée. La boutique envoie sa facture à ${email}\u202f: réglez-la depuis cet e-mail. Cette fenêtre se met à jour dès que le paiement arrive.`,
  statusName: ({ status }) => statusNames[status],
  status: ({ status }) => `État de la commande\u202f: ${statusNames[status]}`,
  completed: "Merci\u202f! Votre commande est terminée.",
  orderNumber: ({ id }) => `Numéro de commande\u202f: ${id}`,
  delivered: "Vos articles",
  announceTotal: ({ total }) => `Le total est de ${total}.`,
  announceCoupon: ({ code, total }) => `Code ${code} accepté. Le total est de ${total}.`,
  announceWaiting: "Nous attendons votre paiement.",
  announceStatus: ({ status }) => `Commande mise à jour\u202f: ${statusNames[status]}.`,
  announceDone: "Votre commande est terminée.",
  copy: "Copier",
  copied: "Copié",
  copyFailed: "Copie impossible. Sélectionnez-le et copiez-le vous-même.",
  orderFailed: ({ status }) =>
    status === "refunded"
      ? "La commande est remboursée\u202f: votre paiement vous est rendu. Vous pouvez réessayer."
      : `La commande est ${statusNames[status]}. Rien n’a été débité\u202f; vous pouvez réessayer.`,
  tryAgain: "Réessayer",
  followLost: "Nous avons perdu la trace de votre commande. Rechargez pour voir son état.",

  "failure.network": "La boutique est injoignable. Vérifiez votre connexion et réessayez.",
  "failure.rate_limited": ({ wait }: { wait?: number | undefined }) =>
    `Trop de tentatives. Réessayez ${wait ? `dans ${wait} min` : "dans un instant"}.`,
  "failure.upstream_unavailable":
    "La plateforme de paiement ne répond pas. Réessayez dans une minute.",
  "failure.conflict": "La commande a changé pendant l’envoi. Veuillez la renvoyer.",
  "failure.not_found": "Ce produit n’est plus disponible.",
  "failure.price_changed": "Le prix a changé. Vérifiez le nouveau total, puis payez à nouveau.",
  "failure.invalid": "Veuillez vérifier les champs signalés.",
  "failure.bad_response": "La boutique a envoyé une réponse incomprise. Réessayez plus tard.",
  "failure.server": "Un problème est survenu du côté de la boutique. Veuillez réessayer.",

  "problem.not_integer": "Saisissez un nombre entier.",
  "problem.below_min": ({ limit }) => plural("fr", limit, { other: "Le minimum est {count}." }),
  "problem.above_max": ({ limit }) => plural("fr", limit, { other: "Le maximum est {count}." }),
  "problem.above_stock": ({ limit }) =>
    plural("fr", limit, { one: "Il n’en reste que {count}.", other: "Il n’en reste que {count}." }),
  "problem.sold_out": "Ce produit est épuisé.",
  "problem.unavailable": "Ce produit ne peut pas être acheté pour le moment.",
  "problem.required": "Veuillez remplir ce champ.",
  "problem.too_long": ({ limit }) =>
    plural("fr", limit, {
      one: "{count} caractère au maximum.",
      other: "{count} caractères au maximum.",
    }),
  "problem.not_email": "Saisissez une adresse e-mail, par exemple nom@example.com.",
  "problem.not_number": "Saisissez un nombre, par exemple 12 ou 3,5.",
  "problem.unknown_field": "Ce champ n’est pas demandé pour ces produits.",
  "problem.unknown_product": "Ce produit n’est pas vendu ici.",
  "problem.unknown_variant": "Cette option n’existe pas pour ce produit.",
  "problem.variant_required": "Choisissez une option.",
  "problem.unknown_payment_method": "Cette boutique ne propose pas ce moyen de paiement.",
  "problem.coupon_empty": "Saisissez d’abord un code.",
  "problem.coupon_not_found": "Ce code n’existe pas. Vérifiez l’orthographe.",
  "problem.coupon_expired": "Ce code a expiré.",
  "problem.coupon_used_up": "Ce code a été épuisé.",
  "problem.coupon_min_order": ({ minimum }) =>
    !minimum
      ? "Votre commande est sous le minimum de ce code. Ajoutez des articles pour l’utiliser."
      : `Ce code demande une commande d’au moins ${minimum}. Ajoutez des articles pour l’utiliser.`,
  "problem.coupon_not_applicable": "Ce code ne s’applique pas à ce produit.",
};
