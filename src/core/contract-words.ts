// The contract's fixed word lists, apart from its zod schemas: the browser checks answers
// against them without loading zod. A product's words are here, the checkout's answers' in
// `order-words.ts`, so the page code carries only the ones its cards read.

export const customFieldTypes = ["text", "email", "number", "textarea"] as const;
