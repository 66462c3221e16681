/**
 * Unicode's explicit directional formatting characters: the embeddings and overrides
 * (U+202A–U+202E: LRE, RLE, PDF, LRO, RLO) and the isolates (U+2066–U+2069: LRI, RLI, FSI,
 * PDI). One a platform's text leaves open lasts to the end of the paragraph it is shown in
 * (Unicode Bidirectional Algorithm), so a name ending in an unclosed RLO reverses whatever a
 * page writes after it: the option "Founder <U+202E> – $19.99" shows its price as "99.91$".
 */
const bidiControls = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * A platform's label (a name, a field's label, a message) without explicit directional
 * formatting characters, so it cannot reorder the price or quantity shown beside it. Right-to-left
 * letters (Arabic, Hebrew) and the marks U+200E and U+200F are kept: a mark counts as one
 * letter of its direction, as a right-to-left name's own letters do, and overrides nothing after it.
 * Not for ids or delivered goods, which must stay as the platform wrote them.
 */
export function withoutBidiControls(text: string): string {
  return text.replace(bidiControls, "");
}
