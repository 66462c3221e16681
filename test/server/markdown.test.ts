import { describe, expect, it } from "vitest";
import { createMarkdownRenderer } from "../../src/server/views/markdown";

const render = createMarkdownRenderer();

describe("seller markdown", () => {
  it("renders the usual markdown", () => {
    expect(render("**bold** and _soft_\n\n- one\n- two")).toBe(
      "<p><strong>bold</strong> and <em>soft</em></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>",
    );
  });

  it("drops scripts, styles, frames and forms with what they hold", () => {
    const html = render(
      'Hi<script>alert("x")</script><style>body{display:none}</style>' +
        '<iframe src="https://evil.example"></iframe><form action="/x"><input name="a"></form>',
    );
    expect(html).toMatch(/^<p>Hi<\/p>/);
    expect(html).not.toMatch(/script|alert|style|display|iframe|evil|form|input/);
  });

  it("drops every on* handler and style attribute", () => {
    const html = render(
      '<img src="https://cdn.example/a.png" onerror="alert(1)" style="position:fixed">\n\n' +
        '<a href="https://shop.example" onclick="steal()" onmouseover="x()">go</a>',
    );
    expect(html).not.toMatch(/on(error|click|mouseover)|style=|alert|steal/);
    expect(html).toContain('src="https://cdn.example/a.png"');
  });

  it.each([
    ["a javascript: link", "[click](javascript:alert(1))"],
    ["an obfuscated javascript: link", '<a href="jav&#x09;ascript:alert(1)">click</a>'],
    ["a data: link", "[click](data:text/html;base64,PHNjcmlwdD4=)"],
    ["a vbscript: link", '<a href="vbscript:msgbox(1)">click</a>'],
    ["a protocol-relative link", '<a href="//evil.example/x">click</a>'],
    // Read against the merchant's page, it would ask the merchant's own site.
    ["a root-relative link", "[click](/account/delete)"],
    ["a relative link", '<a href="settings?x=1">click</a>'],
    // Parsed alone it is absolute; a browser on an https: page reads it as a path on that site.
    ["a link with its scheme but no //", "[click](https:/account/delete)"],
    ["a link with its scheme and no slash", '<a href="https:account">click</a>'],
  ])("keeps the text of %s but not its target", (_name, markdown) => {
    const html = render(markdown);
    expect(html).toContain("click");
    expect(html).not.toMatch(/href=/);
  });

  it.each([
    ["a data: image", "![x](data:image/svg+xml;base64,PHN2Zz4=)"],
    ["a javascript: image", '<img src="javascript:alert(1)">'],
    ["a mailto: image", '<img src="mailto:a@b.example">'],
    ["a relative image", '<img src="x">'],
    ["a root-relative image", "![x](/logout)"],
    ["an image with its scheme but no //", "![x](https:/account/delete?confirm=1)"],
  ])("keeps no source for %s", (_name, markdown) => {
    expect(render(markdown)).not.toMatch(/src=/);
  });

  it("opens links in a new tab without an opener, whatever the seller wrote", () => {
    const html = render('<a href="https://shop.example" target="_self" rel="opener">shop</a>');
    expect(html).toContain('rel="noopener noreferrer"');
    expect(html).toContain('target="_blank"');
    expect(html).not.toMatch(/_self|"opener"/);
  });

  it("keeps the text of a mailto link but not its address, and lazy-loads images", () => {
    const html = render("[mail us](mailto:help@shop.example)");
    expect(html).not.toMatch(/href=|mailto/);
    expect(html).toMatch(/<a [^>]*>mail us<\/a>/);
    expect(render("![cover](https://cdn.example/c.png)")).toContain('loading="lazy"');
  });

  it("turns seller headings into h3 and h4 so they never outrank the page's own", () => {
    expect(render("# Big\n\n## Less")).toBe("<h3>Big</h3>\n<h4>Less</h4>");
  });

  it("gives the same answer from its cache, also past its size", () => {
    const small = createMarkdownRenderer(1);
    const first = small("<b onclick=x>a</b>");
    small("other");
    expect(small("<b onclick=x>a</b>")).toBe(first);
    expect(first).toBe("<p><b>a</b></p>");
  });
});
