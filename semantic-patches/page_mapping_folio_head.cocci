// SPDX-License-Identifier: GPL-2.0-only
/// Read (or write) the mapping through the folio where the page is provably
/// the folio's own first page: page->mapping -> folio->mapping when
///   struct page *page = &folio->page;   (or = folio_page(folio, 0);)
/// reaches the use on every path with neither pointer changed (assigned,
/// incremented) nor its address taken. struct folio overlays struct page
/// there (FOLIO_MATCH(mapping, mapping) in include/linux/mm_types.h), so
/// both expressions name the same field: no behaviour changes. The page
/// variable is dropped when nothing uses it any more. A step of "killing
/// reliance on struct page->mapping" (J. Glisse): the folio, not the page,
/// carries the mapping.
//
// Confidence: High
// Comments: kconv propose --refactor page-mapping runs this with
// KCONV_SITES="path:line:col,..." (the mapping token of each site, 1-based
// columns, paths relative to KCONV_ROOT); without it every match is.
// Options: --no-includes --include-headers

virtual patch

@initialize:python@
@@
import os

KCONV_SITES = os.environ.get("KCONV_SITES")
KCONV_ROOT = os.environ.get("KCONV_ROOT", "")
KCONV_WANTED = None if KCONV_SITES is None else set(KCONV_SITES.split(","))

def kconv_key(p):
    f = p[0].file
    if KCONV_ROOT and f.startswith(KCONV_ROOT):
        f = f[len(KCONV_ROOT):]
    return "%s:%s:%d" % (f, p[0].line, int(p[0].column) + 1)

def kconv_wanted(p):
    return KCONV_WANTED is None or kconv_key(p) in KCONV_WANTED

@m depends on patch@
identifier page, folio;
expression E1, E2, E3, E4;
position p;
@@
(
struct page *page = &folio->page;
|
struct page *page = folio_page(folio, 0);
)
<... when != page = E1
     when != folio = E2
     when != page += E3
     when != page -= E4
     when != page++
     when != ++page
     when != page--
     when != --page
     when != &page
     when != &folio
page->mapping@p
...>

@script:python depends on m@
p << m.p;
@@
if not kconv_wanted(p):
    cocci.include_match(False)

@t depends on m@
identifier m.page, m.folio;
position m.p;
@@
- page->mapping@p
+ folio->mapping

@depends on t@
identifier m.page, m.folio;
@@
(
- struct page *page = &folio->page;
|
- struct page *page = folio_page(folio, 0);
)
  ... when != page
