/** Styles of the checkout dialog, loaded with it. */
export const checkoutCss = `.dialog{width:min(32rem,calc(100vw - 2rem));max-height:calc(100vh - 2rem);overflow:auto;padding:0;border:1px solid var(--bd);border-radius:var(--r);background:var(--bg);color:var(--fg)}
.dialog::backdrop{background:rgb(0 0 0/.5)}
.head{display:flex;justify-content:space-between;align-items:center;padding:1rem 1.25rem;border-bottom:1px solid var(--bd)}
.head h2{margin:0;font-size:1.15rem}
.close{background:none;border:0;font-size:1.5rem;line-height:1;padding:.25rem .5rem}
form,.result{display:flex;flex-direction:column;gap:.85rem;padding:1.25rem}
.line{display:flex;gap:.75rem;align-items:center}
.line img{width:3.5rem;height:3.5rem;object-fit:cover;border-radius:calc(var(--r) * .6)}
.field{display:flex;flex-direction:column;gap:.3rem}
.field label{font-weight:600;font-size:.9rem}
.req{color:var(--mu);font-weight:400}
.stepper,.inline{display:flex;gap:.4rem}
.stepper input{text-align:center;max-width:6rem}
[aria-invalid=true]{border-color:var(--er)}
.ok{color:var(--ok)}
.totals{margin:0;display:flex;flex-direction:column;gap:.25rem}
.totals dd{margin:0}
.total{font-weight:700;font-size:1.1rem;border-top:1px solid var(--bd);padding-top:.4rem}
.link{text-align:center;text-decoration:none;display:block}
.items{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:.5rem}
.items li{display:flex;gap:.5rem;align-items:center;justify-content:space-between}
.items code{font-size:.95rem;word-break:break-all;user-select:all}
h3{margin:0;font-size:1rem}`;
