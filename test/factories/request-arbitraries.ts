import fc from "fast-check";

/** One generated request, kept as data so a failing one can be printed. */
export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string | undefined;
}

const nasty = fc.constantFrom(
  "",
  " ",
  "%",
  "%zz",
  "%C0%AF",
  "%00",
  "..",
  "../../etc/passwd",
  "__proto__",
  "constructor",
  "prototype",
  "null",
  "[]",
  "{}",
  "-1",
  "0",
  "1e21",
  "NaN",
  "9".repeat(40),
  "a".repeat(300),
  "💥",
  "\u0000",
  "<script>",
  "javascript:alert(1)",
);

const text = fc.oneof(
  nasty,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
);

function segment(known: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...known),
    text.map((value) => encodeURIComponent(value)),
    fc.constantFrom("%", "%zz", "%E0%A4%A", "a%2Fb", ".", ".."),
  );
}

const queryNames = [
  "ids",
  "page",
  "limit",
  "search",
  "category",
  "token",
  "quantity",
  "variant",
  "coupon",
  "email",
  "__proto__",
];

const query = fc
  .array(
    fc.tuple(
      fc.constantFrom(...queryNames),
      fc.oneof(
        text.map((value) => encodeURIComponent(value)),
        fc.constantFrom("%", "%zz", "1", "100", "100001"),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => (pairs.length === 0 ? "" : `?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}`));

/** Ids that exist on the app under test, so generated requests sometimes name real things. */
export interface Known {
  readonly products: readonly string[];
  readonly orders: readonly string[];
  readonly platform: string;
  readonly orderPaths: readonly string[];
  readonly authorizations: readonly string[];
  /** Signs a webhook body as the platform would: the headers to send with it. */
  readonly signWebhook?: (body: string) => Record<string, string>;
}

function path(known: Known) {
  const product = segment(known.products);
  const order = segment(known.orders);
  const route = fc.oneof(
    fc.constantFrom("/healthz", "/api/store", "/api/products", "/api/quote", "/api/orders", "/"),
    fc.constantFrom("/embed.js", "/kiosk.js", "/api", "/api/", "/api/orders/", "//api//store"),
    product.map((id) => `/api/products/${id}`),
    order.map((id) => `/api/orders/${id}`),
    order.map((id) => `/api/orders/${id}/events`),
    order.map((id) => `/sandbox/pay/${id}`),
    segment([known.platform, "sandbox", "sx", "sellvy"]).map((name) => `/api/webhooks/${name}`),
    segment(["chunk-abc.js", "x.css"]).map((name) => `/chunks/${name}`),
    segment(["style.css", "catalog.json"]).map((name) => `/demo/${name}`),
    product.map((id) => `/buy/${id}`),
    text.map((value) => `/${encodeURIComponent(value)}`),
  );
  return fc.tuple(route, query).map(([route, query]) => `${route}${query}`);
}

const contentType = fc.oneof(
  fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "APPLICATION/JSON",
    "application/problem+json",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "multipart/form-data; boundary=x",
    "multipart/form-data; boundary=",
    "text/plain",
    "application/octet-stream",
  ),
  fc.string({ maxLength: 30 }),
);

const headerValue = fc.oneof(
  fc.string({ maxLength: 60 }),
  nasty,
  fc.constantFrom("Bearer ", "Bearer x y", "v1,abc", "sha256=00", "1700000000", 'W/"x"'),
  fc.constantFrom("br", "gzip", "gzip;q=0", "br;q=abc, *", "identity;q=0, *;q=0", "bytes=0-1"),
  fc.uuid().map((uuid) => `key-${uuid}`),
);

const headers = fc.array(
  fc.tuple(
    fc.constantFrom(
      "content-type",
      "idempotency-key",
      "authorization",
      "if-none-match",
      "origin",
      "accept",
      "accept-encoding",
      "if-modified-since",
      "range",
      "content-length",
      "webhook-id",
      "webhook-timestamp",
      "webhook-signature",
      "x-signature",
      "x-sellvy-signature",
      "signature",
    ),
    fc.oneof(headerValue, contentType),
  ),
  { maxLength: 5 },
);

function orderLike(known: Known) {
  const item = fc.record(
    {
      productId: fc.oneof(fc.constantFrom(...known.products), text, fc.integer()),
      variantId: fc.oneof(text, fc.constantFrom("monthly", "yearly"), fc.constant(null)),
      quantity: fc.oneof(
        fc.integer({ min: -2, max: 20 }),
        fc.double(),
        text,
        fc.constant(1e21),
        fc.constant(null),
      ),
    },
    { requiredKeys: [] },
  );
  return fc.record(
    {
      items: fc.oneof(fc.array(item, { maxLength: 4 }), fc.anything()),
      email: fc.oneof(fc.constant("buyer@example.com"), fc.emailAddress(), text),
      coupon: fc.oneof(fc.constantFrom("WELCOME10", "EXPIRED", "SAVE10"), text, fc.integer()),
      fields: fc.oneof(
        fc.dictionary(
          fc.oneof(text, fc.constantFrom("discord", "note")),
          fc.oneof(text, fc.integer()),
        ),
        fc.anything(),
      ),
      paymentMethod: fc.oneof(fc.constantFrom("card", "crypto", "free"), text, fc.integer()),
      outcome: fc.constantFrom("paid", "failed", "free"),
      token: fc.oneof(text, fc.integer()),
    },
    { requiredKeys: [] },
  );
}

function body(known: Known) {
  return fc.oneof(
    orderLike(known).map((value) => JSON.stringify(value)),
    fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
    fc.constantFrom(
      "null",
      "[]",
      "{",
      '"x"',
      "1",
      '{"__proto__":{"x":1}}',
      `${"[".repeat(5000)}${"]".repeat(5000)}`,
      "outcome=paid&token=x",
      "token=&outcome=paid&outcome=failed",
      "--x\r\nContent-Disposition: form-data\r\n\r\nx\r\n--x--",
      "--x\r\nnonsense",
    ),
    orderLike(known).map((value) =>
      new URLSearchParams(
        Object.entries(value).map(([key, entry]) => [
          key,
          typeof entry === "string" ? entry : (JSON.stringify(entry) ?? ""),
        ]),
      ).toString(),
    ),
    text,
  );
}

function anyRequest(known: Known) {
  return fc.record({
    method: fc.constantFrom(
      "GET",
      "GET",
      "POST",
      "POST",
      "POST",
      "PUT",
      "DELETE",
      "OPTIONS",
      "HEAD",
      "PATCH",
    ),
    path: path(known),
    headers,
    body: fc.option(body(known), { nil: undefined }),
  });
}

// Close to what the widget sends, so generated values reach pricing, the platform and its answers.
function nearValidRequest(known: Known) {
  const item = fc.record(
    {
      productId: fc.constantFrom(...known.products),
      variantId: fc.constantFrom("monthly", "yearly", "basic", "v1"),
      quantity: fc.oneof(
        { arbitrary: fc.integer({ min: 1, max: 3 }), weight: 4 },
        { arbitrary: fc.integer({ min: 0, max: 10_000 }), weight: 1 },
      ),
    },
    { requiredKeys: ["productId", "quantity"] },
  );
  const items = fc.array(item, { minLength: 1, maxLength: 2 });
  const coupon = fc.oneof(fc.constantFrom("WELCOME10", "FIVEOFF", "EXPIRED", "SAVE10", "x"), text);
  const quote = fc.record({ items, coupon }, { requiredKeys: ["items"] });
  const order = fc.record(
    {
      items,
      email: fc.oneof(fc.constant("buyer@example.com"), fc.emailAddress()),
      coupon,
      fields: fc.dictionary(fc.constantFrom("discord", "contact", "frames", "note", "x"), text, {
        maxKeys: 2,
      }),
      paymentMethod: fc.constantFrom("card", "crypto", "stripe", "free"),
    },
    { requiredKeys: ["items", "email"] },
  );
  const headers = fc
    .oneof(
      fc.uuid().map((uuid) => `key-${uuid}`),
      fc.constantFrom("key-fixed-1", "key-fixed-2"),
    )
    .map((key) => [
      ["content-type", "application/json"] as const,
      ["idempotency-key", key] as const,
    ]);
  // Often a plain valid order, so creation itself (and the platform's answer) is reached.
  const plain = fc.record(
    {
      items: fc.constantFrom(...known.products).map((productId) => [{ productId, quantity: 1 }]),
      email: fc.constant("buyer@example.com"),
      paymentMethod: fc.constantFrom("card", "crypto"),
    },
    { requiredKeys: ["items", "email"] },
  );
  return fc.oneof(
    fc.record({
      method: fc.constant("POST"),
      path: fc.constant("/api/orders"),
      headers,
      body: fc.oneof(order, plain).map((value) => JSON.stringify(value)),
    }),
    fc.record({
      method: fc.constant("POST"),
      path: fc.constant("/api/quote"),
      headers,
      body: quote.map((value) => JSON.stringify(value)),
    }),
  );
}

// Correctly signed webhooks with generated bodies: what the adapter parses once the signature holds.
function signedWebhookRequest(known: Known) {
  const sign = known.signWebhook;
  if (!sign) return undefined;
  const event = fc.record(
    {
      type: fc.oneof(fc.constantFrom("order.paid", "order.delivered", "order.failed"), text),
      timestamp: fc.oneof(fc.constant(new Date().toISOString()), text),
      data: fc.oneof(
        fc.record(
          {
            id: fc.oneof(fc.constantFrom(...known.orders), text, fc.integer()),
            object: fc.constantFrom("order", "product", "x"),
            status: fc.oneof(fc.constantFrom("paid", "completed", "refunded", "pending"), text),
          },
          { requiredKeys: [] },
        ),
        fc.anything(),
      ),
    },
    { requiredKeys: [] },
  );
  return fc
    .oneof(
      event.map((value) => JSON.stringify(value)),
      body(known),
    )
    .map(
      (raw): FuzzRequest => ({
        method: "POST",
        path: `/api/webhooks/${known.platform}`,
        headers: Object.entries(sign(raw)),
        body: raw,
      }),
    );
}

// Posts to a real order's pay page, in every content type and body shape.
function payRequest(known: Known) {
  return fc.record({
    method: fc.constant("POST"),
    path: fc.constantFrom(...known.orders).map((id) => `/sandbox/pay/${id}`),
    headers: fc
      .option(contentType, { nil: undefined })
      .map((type) => (type === undefined ? [] : [["content-type", type] as const])),
    body: fc.option(body(known), { nil: undefined }),
  });
}

// Reads of real orders, with and without their tokens.
function orderReadRequest(known: Known) {
  return fc.record({
    method: fc.constant("GET"),
    path: fc.constantFrom(...known.orderPaths),
    headers: fc
      .constantFrom(...known.authorizations)
      .map((value) => [["authorization", value] as const]),
    body: fc.constant(undefined),
  });
}

/** Requests to every route: random ones, near-valid orders and quotes, real orders' reads and pay posts, and (with `signWebhook`) correctly signed webhooks. */
export function requests(known: Known): fc.Arbitrary<FuzzRequest> {
  const signed = signedWebhookRequest(known);
  return fc.oneof(
    { arbitrary: anyRequest(known), weight: 6 },
    { arbitrary: nearValidRequest(known), weight: 3 },
    { arbitrary: orderReadRequest(known), weight: 1 },
    { arbitrary: payRequest(known), weight: 1 },
    ...(signed ? [{ arbitrary: signed, weight: 2 }] : []),
  );
}

/** The `Request` for generated data, or `undefined` for one no client could send. */
export function toRequest(request: FuzzRequest): Request | undefined {
  try {
    const headers = new Headers();
    for (const [name, value] of request.headers) headers.set(name, value);
    const hasBody = request.body !== undefined && !["GET", "HEAD"].includes(request.method);
    return new Request(`http://127.0.0.1${request.path}`, {
      method: request.method,
      headers,
      ...(hasBody ? { body: request.body } : {}),
    });
  } catch {
    // A request no client could send (a header value with a newline) is not the server's to answer.
    return undefined;
  }
}
