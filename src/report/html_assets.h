/* The CSS and script embedded in index.html (html_assets.c).  Kept apart
 * from the writer so the page logic reads as code, and hashed at write
 * time for the page's Content-Security-Policy. */
#ifndef CS_REPORT_HTML_ASSETS_H
#define CS_REPORT_HTML_ASSETS_H

extern const char cs_html_css[];
extern const char cs_html_js[];

#endif
