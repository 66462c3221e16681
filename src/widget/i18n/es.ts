import type { OrderStatus } from "../../core/order-status";
import type { Messages } from "./en";
import { plural } from "./plural";

const statusNames: Record<OrderStatus, string> = {
  pending: "pendiente",
  awaiting_payment: "esperando el pago",
  paid: "pagado",
  delivering: "en entrega",
  completed: "completado",
  failed: "no pagado",
  refunded: "reembolsado",
  expired: "caducado",
  cancelled: "cancelado",
};

/** Spanish. */
export const messages: Messages = {
  loading: "Cargando…",
  buy: "Comprar",
  soldOut: "Agotado",
  unlimited: "En stock",
  stockLeft: ({ count }) => plural("es", count, { one: "Queda {count}", other: "Quedan {count}" }),
  variant: "Opción",
  productMissing: "Este producto no está disponible.",
  loadFailed: "No se pudo contactar con la tienda. Inténtalo de nuevo más tarde.",
  retry: "Reintentar",
  find: "Buscar",
  search: "Buscar productos",
  noResults: "Ningún producto coincide con tu búsqueda.",
  noProducts: "Todavía no hay productos aquí.",
  found: ({ count, pages }) =>
    pages > 1
      ? `Productos encontrados en ${pages} páginas.`
      : plural("es", count, {
          one: "{count} producto encontrado.",
          other: "{count} productos encontrados.",
        }),
  pages: "Páginas de productos",
  previous: "Anterior",
  next: "Siguiente",
  pageOf: ({ page, count }) => `Página ${page} de ${count}`,

  title: "Pago",
  close: "Cerrar",
  quantity: "Cantidad",
  decrease: "Reducir la cantidad",
  increase: "Aumentar la cantidad",
  email: "Correo para la entrega",
  required: " (obligatorio)",
  coupon: "Código de descuento",
  apply: "Aplicar",
  remove: "Quitar",
  couponApplied: ({ code }) => `${code} aplicado`,
  subtotal: "Subtotal",
  discount: "Descuento",
  total: "Total",
  quoting: "Actualizando el precio…",
  paymentMethod: "Método de pago",
  pay: ({ total }) => `Pagar ${total}`,
  payPending: "Pagar",
  getFree: "Obtener gratis",
  submitting: "Creando tu pedido…",
  fixErrors: "Revisa los campos marcados.",
  openPayment: "Abrir la página de pago",
  paymentOpened:
    "Completa el pago en la nueva ventana. Esta ventana se actualiza sola cuando termine.",
  waiting: "Esperando el pago…",
  paymentByEmail: ({ email }) =>
    `Tu pedido está hecho. La tienda envía su factura a ${email}: paga allí. Esta ventana se actualiza sola cuando llegue el pago.`,
  statusName: ({ status }) => statusNames[status],
  status: ({ status }) => `Estado del pedido: ${statusNames[status]}`,
  completed: "¡Gracias! Tu pedido está completo.",
  orderNumber: ({ id }) => `Número de pedido: ${id}`,
  delivered: "Tus artículos",
  announceTotal: ({ total }) => `El total es ${total}.`,
  announceCoupon: ({ code, total }) => `Código ${code} aceptado. El total es ${total}.`,
  announceWaiting: "Esperamos tu pago.",
  announceStatus: ({ status }) => `Pedido actualizado: ${statusNames[status]}.`,
  announceDone: "Tu pedido está completo.",
  copy: "Copiar",
  copied: "Copiado",
  copyFailed: "No se pudo copiar. Selecciónalo y cópialo tú mismo.",
  orderFailed: ({ status }) =>
    status === "refunded"
      ? "El pedido fue reembolsado: se te devuelve el pago. Puedes intentarlo de nuevo."
      : `El pedido quedó ${statusNames[status]}. No se cobró nada; puedes intentarlo de nuevo.`,
  tryAgain: "Reintentar",
  followLost: "Perdimos el rastro de tu pedido. Recarga para ver su estado.",

  "failure.network": "No se pudo contactar con la tienda. Revisa tu conexión y reinténtalo.",
  "failure.rate_limited": ({ wait }: { wait?: number | undefined }) =>
    `Demasiados intentos. Inténtalo de nuevo ${wait ? `dentro de ${wait} min` : "en un momento"}.`,
  "failure.upstream_unavailable":
    "La plataforma de pago no responde ahora mismo. Inténtalo de nuevo en un minuto.",
  "failure.conflict": "El pedido cambió mientras se enviaba. Envíalo de nuevo.",
  "failure.not_found": "Este producto ya no está disponible.",
  "failure.price_changed": "El precio ha cambiado. Revisa el nuevo total y vuelve a pagar.",
  "failure.invalid": "Revisa los campos marcados.",
  "failure.bad_response":
    "La tienda envió una respuesta que no se entiende. Inténtalo de nuevo más tarde.",
  "failure.server": "Algo falló en la tienda. Inténtalo de nuevo.",

  "problem.not_integer": "Introduce un número entero.",
  "problem.below_min": ({ limit }) => plural("es", limit, { other: "El mínimo es {count}." }),
  "problem.above_max": ({ limit }) => plural("es", limit, { other: "El máximo es {count}." }),
  "problem.above_stock": ({ limit }) =>
    plural("es", limit, { one: "Solo queda {count}.", other: "Solo quedan {count}." }),
  "problem.sold_out": "Este producto está agotado.",
  "problem.unavailable": "Este producto no se puede comprar ahora.",
  "problem.required": "Rellena este campo.",
  "problem.too_long": ({ limit }) =>
    plural("es", limit, {
      one: "Usa como máximo {count} carácter.",
      other: "Usa como máximo {count} caracteres.",
    }),
  "problem.not_email": "Introduce un correo, como nombre@example.com.",
  "problem.not_number": "Introduce un número, como 12 o 3,5.",
  "problem.unknown_field": "Estos productos no piden este campo.",
  "problem.unknown_product": "Este producto no se vende aquí.",
  "problem.unknown_variant": "Esta opción no existe para este producto.",
  "problem.variant_required": "Elige una opción.",
  "problem.unknown_payment_method": "Esta tienda no ofrece este método de pago.",
  "problem.coupon_empty": "Introduce primero un código.",
  "problem.coupon_not_found": "Este código no existe. Revisa cómo lo escribiste.",
  "problem.coupon_expired": "Este código ha caducado.",
  "problem.coupon_used_up": "Este código ya se ha agotado.",
  "problem.coupon_min_order": ({ minimum }) =>
    !minimum
      ? "Tu pedido no llega al mínimo de este código. Añade más para usarlo."
      : `Este código requiere un pedido de al menos ${minimum}. Añade más para usarlo.`,
  "problem.coupon_not_applicable": "Este código no se aplica a este producto.",
};
