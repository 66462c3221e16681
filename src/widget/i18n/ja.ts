import type { OrderStatus } from "../../core/order-status";
import type { Messages } from "./en";
import { plural } from "./plural";

const statusNames: Record<OrderStatus, string> = {
  pending: "処理待ち",
  awaiting_payment: "お支払い待ち",
  paid: "支払い済み",
  delivering: "お届け中",
  completed: "完了",
  failed: "未払い",
  refunded: "返金済み",
  expired: "期限切れ",
  cancelled: "キャンセル済み",
};

/** Japanese: one plural form (`other`) for every count. */
export const messages: Messages = {
  loading: "読み込み中…",
  buy: "購入",
  soldOut: "売り切れ",
  unlimited: "在庫あり",
  stockLeft: ({ count }) => plural("ja", count, { other: "残り{count}点" }),
  variant: "オプション",
  productMissing: "この商品は現在お取り扱いしておりません。",
  loadFailed: "ショップに接続できませんでした。しばらくしてからもう一度お試しください。",
  retry: "再試行",
  find: "検索",
  search: "商品を検索",
  noResults: "検索に一致する商品はありません。",
  noProducts: "ここにはまだ商品がありません。",
  found: ({ count, pages }) =>
    pages > 1 ? `${pages}ページ分の商品が見つかりました。` : `${count}件の商品が見つかりました。`,
  pages: "商品ページ",
  previous: "前へ",
  next: "次へ",
  pageOf: ({ page, count }) => `${count}ページ中${page}ページ目`,

  title: "ご購入手続き",
  close: "閉じる",
  quantity: "数量",
  decrease: "数量を減らす",
  increase: "数量を増やす",
  email: "お届け先メールアドレス",
  required: "（必須）",
  coupon: "クーポンコード",
  apply: "適用",
  remove: "削除",
  couponApplied: ({ code }) => `${code} を適用しました`,
  subtotal: "小計",
  discount: "割引",
  total: "合計",
  quoting: "価格を更新中…",
  paymentMethod: "お支払い方法",
  pay: ({ total }) => `${total} を支払う`,
  payPending: "支払う",
  getFree: "無料で受け取る",
  submitting: "ご注文を作成中…",
  fixErrors: "強調表示された項目をご確認ください。",
  openPayment: "お支払いページを開く",
  paymentOpened:
    "新しいウィンドウでお支払いを完了してください。完了するとこのウィンドウは自動で更新されます。",
  waiting: "お支払いを待っています…",
  paymentByEmail: ({ email }) =>
    `ご注文を承りました。請求書を ${email} にお送りしますので、そちらでお支払いください。入金されるとこのウィンドウは自動で更新されます。`,
  statusName: ({ status }) => statusNames[status],
  status: ({ status }) => `注文状況：${statusNames[status]}`,
  completed: "ありがとうございます。ご注文が完了しました。",
  orderNumber: ({ id }) => `注文番号：${id}`,
  delivered: "ご購入の商品",
  announceTotal: ({ total }) => `合計は${total}です。`,
  announceCoupon: ({ code, total }) => `コード ${code} を受け付けました。合計は${total}です。`,
  announceWaiting: "お支払いをお待ちしています。",
  announceStatus: ({ status }) => `注文状況の更新: ${statusNames[status]}`,
  announceDone: "ご注文が完了しました。",
  copy: "コピー",
  copied: "コピーしました",
  copyFailed: "コピーできませんでした。選択して手動でコピーしてください。",
  orderFailed: ({ status }) =>
    status === "refunded"
      ? "ご注文は返金されました。お支払いはお客様に返金されます。もう一度お試しいただけます。"
      : `ご注文は「${statusNames[status]}」となりました。請求は発生していません。もう一度お試しいただけます。`,
  tryAgain: "もう一度試す",
  followLost: "ご注文の状況を確認できなくなりました。再読み込みして状況をご確認ください。",

  "failure.network": "ショップに接続できませんでした。接続を確認してもう一度お試しください。",
  "failure.rate_limited": ({ wait }: { wait?: number | undefined }) =>
    `試行回数が多すぎます。${wait ? `${wait}分後に` : "少し待ってから"}もう一度お試しください。`,
  "failure.upstream_unavailable":
    "決済プラットフォームが応答していません。1分ほどしてからもう一度お試しください。",
  "failure.conflict": "送信中にご注文が変更されました。もう一度送信してください。",
  "failure.not_found": "この商品は販売を終了しました。",
  "failure.price_changed":
    "価格が変更されました。新しい合計をご確認のうえ、もう一度お支払いください。",
  "failure.invalid": "強調表示された項目をご確認ください。",
  "failure.bad_response":
    "ショップから解釈できない応答がありました。しばらくしてからお試しください。",
  "failure.server": "ショップ側で問題が発生しました。もう一度お試しください。",

  "problem.not_integer": "整数を入力してください。",
  "problem.below_min": ({ limit }) => plural("ja", limit, { other: "最小数量は{count}です。" }),
  "problem.above_max": ({ limit }) => plural("ja", limit, { other: "最大数量は{count}です。" }),
  "problem.above_stock": ({ limit }) => plural("ja", limit, { other: "残りは{count}点のみです。" }),
  "problem.sold_out": "この商品は売り切れです。",
  "problem.unavailable": "この商品は現在購入できません。",
  "problem.required": "入力してください。",
  "problem.too_long": ({ limit }) =>
    plural("ja", limit, { other: "{count}文字以内で入力してください。" }),
  "problem.not_email": "メールアドレスを入力してください（例：name@example.com）。",
  "problem.not_number": "数値を入力してください（例：12 や 3.5）。",
  "problem.unknown_field": "この項目はこれらの商品では不要です。",
  "problem.unknown_product": "この商品はここでは販売していません。",
  "problem.unknown_variant": "この商品にそのオプションはありません。",
  "problem.variant_required": "オプションを選択してください。",
  "problem.unknown_payment_method": "このショップはこのお支払い方法に対応していません。",
  "problem.coupon_empty": "先にコードを入力してください。",
  "problem.coupon_not_found": "このコードは存在しません。綴りをご確認ください。",
  "problem.coupon_expired": "このコードは有効期限が切れています。",
  "problem.coupon_used_up": "このコードは利用上限に達しました。",
  "problem.coupon_min_order": ({ minimum }) =>
    !minimum
      ? "ご注文がこのコードの最低金額に達していません。"
      : `このコードのご利用には${minimum}以上のご注文が必要です。`,
  "problem.coupon_not_applicable": "このコードはこの商品には使えません。",
};
