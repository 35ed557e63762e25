// A self-contained docs page: renders /openapi.json with a few lines of inline script (no CDN:
// machines may be offline).
import { createHash } from "node:crypto";

export const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>DIPNET node API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:960px;padding:1.5rem;color:#1d232a}
h1{margin:0 0 .25rem} .op{border:1px solid #d6dde4;border-radius:6px;margin:.75rem 0;padding:.6rem .9rem}
.m{display:inline-block;min-width:3.5rem;font-weight:700;color:#0b6e4f} code{background:#f1f4f7;padding:0 .25rem;border-radius:3px}
table{border-collapse:collapse;margin-top:.4rem;width:100%} td,th{border-top:1px solid #eef1f4;padding:.2rem .4rem;text-align:left;vertical-align:top;font-size:14px}
.tag{color:#5b6b7a;font-size:13px;text-transform:uppercase;letter-spacing:.05em;margin-top:1.5rem}
</style></head><body>
<h1>DIPNET node API</h1>
<p>Machine-readable: <a href="/openapi.json"><code>/openapi.json</code></a> (OpenAPI 3.1). Lists answer
<code>{ "items": [...], "next": cursor|null }</code>; pass <code>cursor=next</code> for the next page.
Live events: <code>new EventSource("/api/events")</code>.</p>
<div id="ops">Loading…</div>
<script>
fetch("/openapi.json").then(r => r.json()).then(doc => {
  const esc = s => String(s ?? "").replace(/[&<>"]/g, c => ({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]));
  const byTag = {};
  for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) {
    const tag = (op.tags || ["other"])[0]; (byTag[tag] ||= []).push({ path, method, op });
  }
  let html = "";
  for (const [tag, ops] of Object.entries(byTag)) {
    html += '<div class="tag">' + esc(tag) + "</div>";
    for (const { path, method, op } of ops) {
      html += '<div class="op"><span class="m">' + method.toUpperCase() + "</span><code>" + esc(path) + "</code> " + esc(op.summary);
      if (op.parameters && op.parameters.length) {
        html += "<table><tr><th>parameter</th><th>in</th><th>type</th><th>description</th></tr>";
        for (const p of op.parameters) {
          const s = p.schema || {};
          const type = s.enum ? s.enum.join(" | ") : (s.type || "");
          html += "<tr><td><code>" + esc(p.name) + "</code>" + (p.required ? " *" : "") + "</td><td>" + esc(p.in) + "</td><td>" + esc(type) + "</td><td>" + esc(p.description || s.description) + "</td></tr>";
        }
        html += "</table>";
      }
      html += "</div>";
    }
  }
  document.getElementById("ops").innerHTML = html;
}).catch(e => { document.getElementById("ops").textContent = "Could not load /openapi.json: " + e; });
</script></body></html>
`;

/** The CSP source that allows the docs page's inline script, and no other. */
export const docsScriptHash = `sha256-${createHash("sha256")
  .update(docsPage.slice(docsPage.indexOf("<script>") + "<script>".length, docsPage.indexOf("</script>")))
  .digest("base64")}`;
