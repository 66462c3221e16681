/**
 * Styles of the checkout dialog, loaded with it. Any word in it may break (`overflow-wrap` of the
 * base styles): a delivered download link, a buyer's email address or a merchant's label can be
 * longer than a phone's width, and would push the dialog (and its Copy button) out of sight.
 */
export const checkoutCss =
  ".dialog{width:min(512px,calc(100% - 32px));max-height:calc(100% - 32px);overflow:auto;padding:0;border:1px solid var(--bd);border-radius:var(--r);background:var(--bg);color:var(--fg)}" +
  ".dialog::backdrop{background:rgb(0 0 0/.5)}" +
  ".head{display:flex;justify-content:space-between;align-items:center;padding:16px 20px;border-bottom:1px solid var(--bd)}" +
  ".head h2{margin:0;font-size:18px}" +
  ".close{background:none;border:2px solid transparent;font-size:24px;line-height:1;padding:2px 6px}" +
  "form,.result{display:flex;flex-direction:column;gap:14px;padding:20px}" +
  ".result p{margin:0}" +
  ".line{display:flex;gap:12px;align-items:center}" +
  ".line img{width:56px;height:56px;object-fit:cover;border-radius:calc(var(--r)*.6)}" +
  ".field{display:flex;flex-direction:column;gap:5px}" +
  ".field label{font-weight:600;font-size:14px}" +
  ".req{font-weight:400}" +
  ".stepper,.inline{display:flex;gap:6px}" +
  ".stepper input{text-align:center;max-width:96px}" +
  "[aria-invalid=true]{border-color:var(--er)}" +
  ".ok{color:var(--ok)}" +
  ".totals{margin:0;display:flex;flex-direction:column;gap:4px}" +
  // An amount is one word: "29,99 $" never breaks before its currency, however narrow the phone.
  // At the line's end, whichever way the page's text runs.
  ".totals dd{margin:0;margin-inline-start:auto;white-space:nowrap}" +
  // A total wider than the room beside its label ("1.500.000,000 KWD" on a phone) goes below it,
  // to the right, rather than breaking "Gesamt" into syllables or running past the dialog.
  ".total{font-weight:700;font-size:18px;border-top:1px solid var(--bd);padding-top:6px;flex-wrap:wrap}" +
  // ...and one wider than the dialog even there (the largest French one) breaks where it must.
  ".total dd{white-space:normal}" +
  ".link{text-align:center;text-decoration:none;display:block}" +
  ".items{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}" +
  ".items li{display:flex;gap:8px;align-items:center;justify-content:space-between}" +
  // A button keeps its words on one line (Japanese breaks between any two characters): the field
  // or the text beside it gives way (Apply beside the code, Copy beside a key or a link).
  "button{overflow-wrap:normal;flex:none}" +
  ".items code{font-size:15px;word-break:break-all;user-select:all}" +
  "h3{margin:0;font-size:16px}";
