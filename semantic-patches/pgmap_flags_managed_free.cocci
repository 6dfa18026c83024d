// SPDX-License-Identifier: GPL-2.0-only
/// Replace tests of "device-private or device-coherent" that mean "the
/// driver allocates these pages and takes them back: refcount 0-based,
/// final put to ops->page_free(), a pgmap reference per allocated page"
/// by the PGMAP_MANAGED_FREE behaviour flag:
///   folio_is_device_private(f) || folio_is_device_coherent(f)
///                       -> folio_pgmap_has_flag(f, PGMAP_MANAGED_FREE)
///   pgmap->type != MEMORY_DEVICE_PRIVATE && pgmap->type != MEMORY_DEVICE_COHERENT
///                       -> !pgmap_has_flag(pgmap, PGMAP_MANAGED_FREE)
///   switch (pgmap->type) { case MEMORY_DEVICE_PRIVATE: case MEMORY_DEVICE_COHERENT:
///   BODY default: break; } -> if (pgmap_has_flag(pgmap, PGMAP_MANAGED_FREE)) { BODY }
/// Both orders of each pair are matched.
//
// Confidence: High: each rewrite is exact once memremap_pages() sets
// PGMAP_MANAGED_FREE for exactly MEMORY_DEVICE_PRIVATE and MEMORY_DEVICE_COHERENT
// (the first patch of kconv's pgmap-flags series does that).
// Comments: kconv propose runs this with KCONV_SITES="path:line:col,..."
// (1-based columns, as in kconv's findings; paths relative to KCONV_ROOT)
// so only the sites it classified as
// managed-free are rewritten; without KCONV_SITES every match is.
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
position p1, p2;
@@
is_device_private_page@p1(E) || is_device_coherent_page@p2(E)

@script:python depends on m1@
p1 << m1.p1;
p2 << m1.p2;
@@
if not kconv_wanted(p1, p2):
    cocci.include_match(False)

@depends on m1@
expression m1.E;
position m1.p1, m1.p2;
@@
- is_device_private_page@p1(E) || is_device_coherent_page@p2(E)
+ page_pgmap_has_flag(E, PGMAP_MANAGED_FREE)

@m2 depends on patch@
expression E;
position p1, p2;
@@
!is_device_private_page@p1(E) && !is_device_coherent_page@p2(E)

@script:python depends on m2@
p1 << m2.p1;
p2 << m2.p2;
@@
if not kconv_wanted(p1, p2):
    cocci.include_match(False)

@depends on m2@
expression m2.E;
position m2.p1, m2.p2;
@@
- !is_device_private_page@p1(E) && !is_device_coherent_page@p2(E)
+ !page_pgmap_has_flag(E, PGMAP_MANAGED_FREE)

@m3 depends on patch@
expression E;
position p1, p2;
@@
is_device_coherent_page@p1(E) || is_device_private_page@p2(E)

@script:python depends on m3@
p1 << m3.p1;
p2 << m3.p2;
@@
if not kconv_wanted(p1, p2):
    cocci.include_match(False)

@depends on m3@
expression m3.E;
position m3.p1, m3.p2;
@@
- is_device_coherent_page@p1(E) || is_device_private_page@p2(E)
+ page_pgmap_has_flag(E, PGMAP_MANAGED_FREE)

@m4 depends on patch@
expression E;
position p1, p2;
@@
!is_device_coherent_page@p1(E) && !is_device_private_page@p2(E)

@script:python depends on m4@
p1 << m4.p1;
p2 << m4.p2;
@@
if not kconv_wanted(p1, p2):
    cocci.include_match(False)

@depends on m4@
expression m4.E;
position m4.p1, m4.p2;
@@
- !is_device_coherent_page@p1(E) && !is_device_private_page@p2(E)
+ !page_pgmap_has_flag(E, PGMAP_MANAGED_FREE)

@m5 depends on patch@
expression E;
position p1, p2;
@@
folio_is_device_private@p1(E) || folio_is_device_coherent@p2(E)

@script:python depends on m5@
p1 << m5.p1;
p2 << m5.p2;
@@
if not kconv_wanted(p1, p2):
    cocci.include_match(False)

@depends on m5@
expression m5.E;
position m5.p1, m5.p2;
@@
- folio_is_device_private@p1(E) || folio_is_device_coherent@p2(E)
+ folio_pgmap_has_flag(E, PGMAP_MANAGED_FREE)

@m6 depends on patch@
expression E;
position p1, p2;
@@
!folio_is_device_private@p1(E) && !folio_is_device_coherent@p2(E)

@script:python depends on m6@
p1 << m6.p1;
p2 << m6.p2;
@@
if not kconv_wanted(p1, p2):
    cocci.include_match(False)

@depends on m6@
expression m6.E;
position m6.p1, m6.p2;
@@
- !folio_is_device_private@p1(E) && !folio_is_device_coherent@p2(E)
+ !folio_pgmap_has_flag(E, PGMAP_MANAGED_FREE)

@m7 depends on patch@
expression E;
position p1, p2;
@@
folio_is_device_coherent@p1(E) || folio_is_device_private@p2(E)

@script:python depends on m7@
p1 << m7.p1;
p2 << m7.p2;
@@
if not kconv_wanted(p1, p2):
    cocci.include_match(False)

@depends on m7@
expression m7.E;
position m7.p1, m7.p2;
@@
- folio_is_device_coherent@p1(E) || folio_is_device_private@p2(E)
+ folio_pgmap_has_flag(E, PGMAP_MANAGED_FREE)

@m8 depends on patch@
expression E;
position p1, p2;
@@
!folio_is_device_coherent@p1(E) && !folio_is_device_private@p2(E)

@script:python depends on m8@
p1 << m8.p1;
p2 << m8.p2;
@@
if not kconv_wanted(p1, p2):
    cocci.include_match(False)

@depends on m8@
expression m8.E;
position m8.p1, m8.p2;
@@
- !folio_is_device_coherent@p1(E) && !folio_is_device_private@p2(E)
+ !folio_pgmap_has_flag(E, PGMAP_MANAGED_FREE)

@m9 depends on patch@
expression E;
position p1, p2;
@@
E->type@p1 == MEMORY_DEVICE_PRIVATE || E->type@p2 == MEMORY_DEVICE_COHERENT

@script:python depends on m9@
p1 << m9.p1;
p2 << m9.p2;
@@
if not kconv_wanted(p1, p2):
    cocci.include_match(False)

@depends on m9@
expression m9.E;
position m9.p1, m9.p2;
@@
- E->type@p1 == MEMORY_DEVICE_PRIVATE || E->type@p2 == MEMORY_DEVICE_COHERENT
+ pgmap_has_flag(E, PGMAP_MANAGED_FREE)

@m10 depends on patch@
expression E;
position p1, p2;
@@
E->type@p1 != MEMORY_DEVICE_PRIVATE && E->type@p2 != MEMORY_DEVICE_COHERENT

@script:python depends on m10@
p1 << m10.p1;
p2 << m10.p2;
@@
if not kconv_wanted(p1, p2):
    cocci.include_match(False)

@depends on m10@
expression m10.E;
position m10.p1, m10.p2;
@@
- E->type@p1 != MEMORY_DEVICE_PRIVATE && E->type@p2 != MEMORY_DEVICE_COHERENT
+ !pgmap_has_flag(E, PGMAP_MANAGED_FREE)

@m11 depends on patch@
expression E;
position p1, p2;
@@
E->type@p1 == MEMORY_DEVICE_COHERENT || E->type@p2 == MEMORY_DEVICE_PRIVATE

@script:python depends on m11@
p1 << m11.p1;
p2 << m11.p2;
@@
if not kconv_wanted(p1, p2):
    cocci.include_match(False)

@depends on m11@
expression m11.E;
position m11.p1, m11.p2;
@@
- E->type@p1 == MEMORY_DEVICE_COHERENT || E->type@p2 == MEMORY_DEVICE_PRIVATE
+ pgmap_has_flag(E, PGMAP_MANAGED_FREE)

@m12 depends on patch@
expression E;
position p1, p2;
@@
E->type@p1 != MEMORY_DEVICE_COHERENT && E->type@p2 != MEMORY_DEVICE_PRIVATE

@script:python depends on m12@
p1 << m12.p1;
p2 << m12.p2;
@@
if not kconv_wanted(p1, p2):
    cocci.include_match(False)

@depends on m12@
expression m12.E;
position m12.p1, m12.p2;
@@
- E->type@p1 != MEMORY_DEVICE_COHERENT && E->type@p2 != MEMORY_DEVICE_PRIVATE
+ !pgmap_has_flag(E, PGMAP_MANAGED_FREE)

@m13 depends on patch@
expression E;
position p;
statement S1;
@@
switch (E->type@p) {
case MEMORY_DEVICE_PRIVATE:
case MEMORY_DEVICE_COHERENT:
  S1
default:
break;
}

@script:python depends on m13@
p << m13.p;
@@
if not kconv_wanted(p):
    cocci.include_match(False)

@depends on m13@
expression m13.E;
position m13.p;
statement S1;
@@
- switch (E->type@p) {
- case MEMORY_DEVICE_PRIVATE:
- case MEMORY_DEVICE_COHERENT:
+ if (pgmap_has_flag(E, PGMAP_MANAGED_FREE)) {
  S1
- default:
- break;
  }

@m14 depends on patch@
expression E;
position p;
statement S1, S2;
@@
switch (E->type@p) {
case MEMORY_DEVICE_PRIVATE:
case MEMORY_DEVICE_COHERENT:
  S1
  S2
default:
break;
}

@script:python depends on m14@
p << m14.p;
@@
if not kconv_wanted(p):
    cocci.include_match(False)

@depends on m14@
expression m14.E;
position m14.p;
statement S1, S2;
@@
- switch (E->type@p) {
- case MEMORY_DEVICE_PRIVATE:
- case MEMORY_DEVICE_COHERENT:
+ if (pgmap_has_flag(E, PGMAP_MANAGED_FREE)) {
  S1
  S2
- default:
- break;
  }

@m15 depends on patch@
expression E;
position p;
statement S1, S2, S3;
@@
switch (E->type@p) {
case MEMORY_DEVICE_PRIVATE:
case MEMORY_DEVICE_COHERENT:
  S1
  S2
  S3
default:
break;
}

@script:python depends on m15@
p << m15.p;
@@
if not kconv_wanted(p):
    cocci.include_match(False)

@depends on m15@
expression m15.E;
position m15.p;
statement S1, S2, S3;
@@
- switch (E->type@p) {
- case MEMORY_DEVICE_PRIVATE:
- case MEMORY_DEVICE_COHERENT:
+ if (pgmap_has_flag(E, PGMAP_MANAGED_FREE)) {
  S1
  S2
  S3
- default:
- break;
  }
