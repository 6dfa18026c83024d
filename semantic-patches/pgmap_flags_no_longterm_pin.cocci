// SPDX-License-Identifier: GPL-2.0-only
/// Replace device-coherent type tests that mean "must stay evictable: no
/// FOLL_LONGTERM pin" by the PGMAP_NO_LONGTERM_PIN behaviour flag:
///   folio_is_device_coherent(folio) -> folio_pgmap_has_flag(folio, PGMAP_NO_LONGTERM_PIN)
///   is_device_coherent_page(page)   -> page_pgmap_has_flag(page, PGMAP_NO_LONGTERM_PIN)
///   pgmap->type == MEMORY_DEVICE_COHERENT -> pgmap_has_flag(pgmap, PGMAP_NO_LONGTERM_PIN)
//
// Confidence: High: each rewrite is exact once memremap_pages() sets
// PGMAP_NO_LONGTERM_PIN for exactly MEMORY_DEVICE_COHERENT
// (the first patch of kconv's pgmap-flags series does that).
// Comments: kconv propose runs this with KCONV_SITES="path:line:col,..."
// (1-based columns, as in kconv's findings; paths relative to KCONV_ROOT)
// so only the sites it classified as
// no-longterm-pin are rewritten; without KCONV_SITES every match is.
// Standalone, apply pgmap_flags_managed_free.cocci first: this patch would
// otherwise rewrite one half of its two-type tests.
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

def kconv_wanted(*positions):
    if KCONV_WANTED is None:
        return True
    return all(kconv_key(p) in KCONV_WANTED for p in positions)

@m1 depends on patch@
expression E;
position p;
@@
is_device_coherent_page@p(E)

@script:python depends on m1@
p << m1.p;
@@
if not kconv_wanted(p):
    cocci.include_match(False)

@depends on m1@
expression m1.E;
position m1.p;
@@
- is_device_coherent_page@p(E)
+ page_pgmap_has_flag(E, PGMAP_NO_LONGTERM_PIN)

@m2 depends on patch@
expression E;
position p;
@@
folio_is_device_coherent@p(E)

@script:python depends on m2@
p << m2.p;
@@
if not kconv_wanted(p):
    cocci.include_match(False)

@depends on m2@
expression m2.E;
position m2.p;
@@
- folio_is_device_coherent@p(E)
+ folio_pgmap_has_flag(E, PGMAP_NO_LONGTERM_PIN)

@m3 depends on patch@
expression E;
position p;
@@
E->type@p == MEMORY_DEVICE_COHERENT

@script:python depends on m3@
p << m3.p;
@@
if not kconv_wanted(p):
    cocci.include_match(False)

@depends on m3@
expression m3.E;
position m3.p;
@@
- E->type@p == MEMORY_DEVICE_COHERENT
+ pgmap_has_flag(E, PGMAP_NO_LONGTERM_PIN)

@m4 depends on patch@
expression E;
position p;
@@
E->type@p != MEMORY_DEVICE_COHERENT

@script:python depends on m4@
p << m4.p;
@@
if not kconv_wanted(p):
    cocci.include_match(False)

@depends on m4@
expression m4.E;
position m4.p;
@@
- E->type@p != MEMORY_DEVICE_COHERENT
+ !pgmap_has_flag(E, PGMAP_NO_LONGTERM_PIN)

@m5 depends on patch@
expression E;
position p;
@@
E.type@p == MEMORY_DEVICE_COHERENT

@script:python depends on m5@
p << m5.p;
@@
if not kconv_wanted(p):
    cocci.include_match(False)

@depends on m5@
expression m5.E;
position m5.p;
@@
- E.type@p == MEMORY_DEVICE_COHERENT
+ pgmap_has_flag(&E, PGMAP_NO_LONGTERM_PIN)

@m6 depends on patch@
expression E;
position p;
@@
E.type@p != MEMORY_DEVICE_COHERENT

@script:python depends on m6@
p << m6.p;
@@
if not kconv_wanted(p):
    cocci.include_match(False)

@depends on m6@
expression m6.E;
position m6.p;
@@
- E.type@p != MEMORY_DEVICE_COHERENT
+ !pgmap_has_flag(&E, PGMAP_NO_LONGTERM_PIN)
