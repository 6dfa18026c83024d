// SPDX-License-Identifier: GPL-2.0-only
/// Find type-implied special-casing of ZONE_DEVICE pages: reads, tests,
/// switches and assignments of struct dev_pagemap::type, and calls of the
/// pgmap type predicates (is_device_private_page(), is_pci_p2pdma_page(),
/// folio_is_zone_device(), put_devmap_managed_page() ...).
///
/// Code branches on the pgmap *type* where it needs one *behaviour*: block
/// longterm pins, capture the final put, use a device-private swap entry,
/// use page->mapping/index the file way (J. Martins, D. Williams: "reduce
/// type-implied special casing"). Fix: give the pgmap one flag per
/// behaviour, set where it is created, and test the flag the site needs.
///
/// Patch mode does the safe mechanical step only: an open-coded test of a
/// page's (folio's) pgmap type becomes the matching predicate, so the flag
/// conversion later has one place to change:
///   page->pgmap->type == MEMORY_DEVICE_PRIVATE   -> is_device_private_page(page)
///   folio->page.pgmap->type != MEMORY_DEVICE_COHERENT -> !folio_is_device_coherent(folio)
/// It is equivalent because reading page->pgmap already requires a
/// ZONE_DEVICE page, and memremap_pages() refuses DEVICE_PRIVATE pgmaps
/// without CONFIG_DEVICE_PRIVATE. The predicates' own bodies are left alone.
///
/// dev_pagemap::type is matched when the base has type struct dev_pagemap
/// (from declarations in the file) or, when Coccinelle cannot type it
/// without headers, when the base is named pgmap or page_pgmap() (the
/// kernel's naming; kconv reports the rest as untyped for a cross-check).
/// The names are those of kconv's rules/pgmap-type.json.
///
/// Newer trees: page->pgmap became folio->pgmap with page_pgmap() (v6.15,
/// Alistair Popple's "fs/dax: Fix ZONE_DEVICE page reference counts"); both
/// are bases this script types or names. It also reports the FS-DAX and
/// P2PDMA folio predicates of those trees and the pgmap's ops:
/// dev_pagemap_ops::page_free (folio_free(struct folio *) from v6.19) as
/// implemented (.folio_free = fn in a struct dev_pagemap_ops) and called.
/// kconv keeps these reports only on trees its rules say have those names.
//
// Confidence: High for calls and typed accesses, Moderate for named ones
// Copyright: (C) 2026 kconv authors.
// Comments: report lines are "file:line:col-col: RULE [KIND] in FN(): text"
// Options: --no-includes --include-headers
// Requires: 1.1.1

virtual patch
virtual context
virtual org
virtual report
virtual explain

@initialize:python@
@@
import re

PGMAP_RANK = {"read": 1, "switch": 2, "compare": 3, "assign": 4}
PGMAP_ACCESS = {}
PGMAP_TYPES = {}

def kconv_message(p, rule, kind, text):
    fn = p[0].current_element
    where = "" if fn == "something_else" else " in %s()" % fn
    return "%s [%s]%s: %s" % (rule, kind, where, text)

def kconv_report(p, rule, kind, text):
    coccilib.report.print_report(p[0], kconv_message(p, rule, kind, text))

def kconv_org(p, rule, kind, text):
    msg = kconv_message(p, rule, kind, text)
    coccilib.org.print_todo(p[0], msg.replace("[", "@(").replace("]", ")"))

def kconv_key(p):
    return (p[0].file, p[0].line, p[0].column)

def pgmap_note(p, access, other=None):
    key = kconv_key(p)
    rank = PGMAP_RANK.get(PGMAP_ACCESS.get(key), 0)
    if PGMAP_RANK[access] < rank:
        return
    if PGMAP_RANK[access] > rank:
        PGMAP_ACCESS[key] = access
        PGMAP_TYPES[key] = set()
    # The other operand (or a case label) when it names an enumerator.
    if other is not None and re.match(r"^[A-Z][A-Z0-9_]*$", str(other)):
        PGMAP_TYPES[key].add(str(other))

def pgmap_site(p, typing):
    key = kconv_key(p)
    access = PGMAP_ACCESS.get(key, "read")
    kind = typing
    if PGMAP_TYPES.get(key):
        kind += ",types=" + "|".join(sorted(PGMAP_TYPES[key]))
    text = "%s of dev_pagemap::type: test the behaviour flag instead" % access
    return ("pgmap-type." + access, kind, text)

//----------------------------------------------------------
//  For context mode
//----------------------------------------------------------

@depends on context && !patch && !org && !report@
identifier fn = {is_device_private_page, folio_is_device_private,
                 is_device_coherent_page, folio_is_device_coherent,
                 is_pci_p2pdma_page, is_zone_device_page,
                 folio_is_zone_device, page_is_devmap_managed,
                 put_devmap_managed_page, put_devmap_managed_page_refs,
                 put_devmap_managed_folio_refs, is_fsdax_page,
                 folio_is_fsdax, folio_is_pci_p2pdma};
struct dev_pagemap *P;
expression E;
identifier pg = {pgmap};
identifier acc = {page_pgmap};
@@

(
* fn(...)
|
* P->type
|
* E->pg->type
|
* E.pg->type
|
* E->pg.type
|
* E.pg.type
|
* pg->type
|
* acc(...)->type
)

//----------------------------------------------------------
//  For patch mode
//----------------------------------------------------------

@depends on patch && !context && !org && !report@
identifier f != {is_device_private_page, folio_is_device_private,
                 is_device_coherent_page, folio_is_device_coherent,
                 is_pci_p2pdma_page};
struct page *P;
struct folio *F;
@@

f(...) {
<...
(
- P->pgmap->type == MEMORY_DEVICE_PRIVATE
+ is_device_private_page(P)
|
- P->pgmap->type != MEMORY_DEVICE_PRIVATE
+ !is_device_private_page(P)
|
- P->pgmap->type == MEMORY_DEVICE_COHERENT
+ is_device_coherent_page(P)
|
- P->pgmap->type != MEMORY_DEVICE_COHERENT
+ !is_device_coherent_page(P)
|
- P->pgmap->type == MEMORY_DEVICE_PCI_P2PDMA
+ is_pci_p2pdma_page(P)
|
- P->pgmap->type != MEMORY_DEVICE_PCI_P2PDMA
+ !is_pci_p2pdma_page(P)
|
- F->page.pgmap->type == MEMORY_DEVICE_PRIVATE
+ folio_is_device_private(F)
|
- F->page.pgmap->type != MEMORY_DEVICE_PRIVATE
+ !folio_is_device_private(F)
|
- F->page.pgmap->type == MEMORY_DEVICE_COHERENT
+ folio_is_device_coherent(F)
|
- F->page.pgmap->type != MEMORY_DEVICE_COHERENT
+ !folio_is_device_coherent(F)
)
...>
}

//----------------------------------------------------------
//  For org and report mode
//----------------------------------------------------------

@pgmap_def depends on !patch && (org || report)@
identifier fn = {is_device_private_page, folio_is_device_private,
                 is_device_coherent_page, folio_is_device_coherent,
                 is_pci_p2pdma_page, is_zone_device_page,
                 folio_is_zone_device, page_is_devmap_managed,
                 put_devmap_managed_page, put_devmap_managed_page_refs,
                 put_devmap_managed_folio_refs, is_fsdax_page,
                 folio_is_fsdax, folio_is_pci_p2pdma};
position p;
@@

fn@p(...) { ... }

@pgmap_use depends on !patch && (org || report)@
identifier fn = {is_device_private_page, folio_is_device_private,
                 is_device_coherent_page, folio_is_device_coherent,
                 is_pci_p2pdma_page, is_zone_device_page,
                 folio_is_zone_device, page_is_devmap_managed,
                 put_devmap_managed_page, put_devmap_managed_page_refs,
                 put_devmap_managed_folio_refs, is_fsdax_page,
                 folio_is_fsdax, folio_is_pci_p2pdma};
position p != pgmap_def.p;
@@

fn@p

// How dev_pagemap::type is used; which accesses are sites is decided below.

@pgmap_assign depends on !patch && (org || report)@
expression E, E2;
assignment operator aop;
position p;
@@

(
  E->type@p aop E2
|
  E.type@p aop E2
)

@script:python depends on pgmap_assign@
p << pgmap_assign.p;
e2 << pgmap_assign.E2;
@@
pgmap_note(p, "assign", e2)

@pgmap_compare depends on !patch && (org || report)@
expression E, E2;
binary operator bop = {==, !=};
position p;
@@

(
  E->type@p bop E2
|
  E2 bop E->type@p
|
  E.type@p bop E2
|
  E2 bop E.type@p
)

@script:python depends on pgmap_compare@
p << pgmap_compare.p;
e2 << pgmap_compare.E2;
@@
pgmap_note(p, "compare", e2)

@pgmap_switch depends on !patch && (org || report)@
expression E;
identifier C;
position p;
@@

(
  switch (E->type@p) {
  case C: ...
  }
|
  switch (E.type@p) {
  case C: ...
  }
)

@script:python depends on pgmap_switch@
p << pgmap_switch.p;
c << pgmap_switch.C;
@@
pgmap_note(p, "switch", c)

// Which accesses are dev_pagemap::type: typed, other types, named, untyped.

@pgmap_typed depends on !patch && (org || report)@
struct dev_pagemap *P;
struct dev_pagemap Q;
position p;
@@

(
  P->type@p
|
  Q.type@p
)

@pgmap_other depends on !patch && (org || report)@
type T;
T E;
position p != pgmap_typed.p;
@@

(
  E->type@p
|
  E.type@p
)

@pgmap_named depends on !patch && (org || report)@
expression E;
identifier pg = {pgmap};
identifier acc = {page_pgmap};
position p != {pgmap_typed.p, pgmap_other.p};
@@

(
  E->pg->type@p
|
  E.pg->type@p
|
  E->pg.type@p
|
  E.pg.type@p
|
  pg->type@p
|
  pg.type@p
|
  acc(...)->type@p
)

@pgmap_untyped depends on !patch && report && explain@
expression E;
position p != {pgmap_typed.p, pgmap_other.p, pgmap_named.p};
@@

(
  E->type@p
|
  E.type@p
)

@script:python depends on report@
p << pgmap_def.p;
fn << pgmap_def.fn;
@@
kconv_report(p, "pgmap-type." + fn, "definition",
             "definition of %s(): pgmap type predicate" % fn)

@script:python depends on org@
p << pgmap_def.p;
fn << pgmap_def.fn;
@@
kconv_org(p, "pgmap-type." + fn, "definition",
          "definition of %s(): pgmap type predicate" % fn)

@script:python depends on report@
p << pgmap_use.p;
fn << pgmap_use.fn;
@@
kconv_report(p, "pgmap-type." + fn, "use",
             "%s(): type-implied special-casing, test the behaviour flag instead" % fn)

@script:python depends on org@
p << pgmap_use.p;
fn << pgmap_use.fn;
@@
kconv_org(p, "pgmap-type." + fn, "use",
          "%s(): type-implied special-casing, test the behaviour flag instead" % fn)

@script:python depends on report@
p << pgmap_typed.p;
@@
rule, kind, text = pgmap_site(p, "typed")
kconv_report(p, rule, kind, text)

@script:python depends on org@
p << pgmap_typed.p;
@@
rule, kind, text = pgmap_site(p, "typed")
kconv_org(p, rule, kind, text)

@script:python depends on report@
p << pgmap_named.p;
@@
rule, kind, text = pgmap_site(p, "named")
kconv_report(p, rule, kind, text)

@script:python depends on org@
p << pgmap_named.p;
@@
rule, kind, text = pgmap_site(p, "named")
kconv_org(p, rule, kind, text)

@script:python depends on report && explain@
p << pgmap_other.p;
t << pgmap_other.T;
@@
kconv_report(p, "pgmap-type.explain", "other", "not dev_pagemap::type: %s" % t)

@script:python depends on report && explain@
p << pgmap_untyped.p;
e << pgmap_untyped.E;
@@
kconv_report(p, "pgmap-type.explain", "untyped", "base %s has no known type" % e)

// The pgmap's ops: implementations and calls.

@pgmap_op_impl depends on !patch && (org || report)@
identifier I, fn;
identifier op = {page_free, folio_free};
position p;
@@

struct dev_pagemap_ops I = {
  ...,
  .op@p = fn,
  ...
};

@pgmap_op_call depends on !patch && (org || report)@
struct dev_pagemap_ops *O;
expression E;
identifier op = {page_free, folio_free};
position p;
@@

(
  O->op@p(...)
|
  E->ops->op@p(...)
)

@pgmap_op_use depends on !patch && (org || report)@
struct dev_pagemap_ops *O;
expression E;
identifier op = {page_free, folio_free};
position p != {pgmap_op_impl.p, pgmap_op_call.p};
@@

(
  O->op@p
|
  E->ops->op@p
)

@script:python depends on report@
p << pgmap_op_impl.p;
op << pgmap_op_impl.op;
fn << pgmap_op_impl.fn;
@@
kconv_report(p, "pgmap-type." + op, "implementation,implementation=" + str(fn),
             "%s(): the driver's free op, called by the final put of managed-free pages" % fn)

@script:python depends on org@
p << pgmap_op_impl.p;
op << pgmap_op_impl.op;
fn << pgmap_op_impl.fn;
@@
kconv_org(p, "pgmap-type." + op, "implementation,implementation=" + str(fn),
          "%s(): the driver's free op, called by the final put of managed-free pages" % fn)

@script:python depends on report@
p << pgmap_op_call.p;
op << pgmap_op_call.op;
@@
kconv_report(p, "pgmap-type." + op, "call", "call of the pgmap's %s op" % op)

@script:python depends on org@
p << pgmap_op_call.p;
op << pgmap_op_call.op;
@@
kconv_org(p, "pgmap-type." + op, "call", "call of the pgmap's %s op" % op)

@script:python depends on report@
p << pgmap_op_use.p;
op << pgmap_op_use.op;
@@
kconv_report(p, "pgmap-type." + op, "use", "the pgmap's %s op" % op)

@script:python depends on org@
p << pgmap_op_use.p;
op << pgmap_op_use.op;
@@
kconv_org(p, "pgmap-type." + op, "use", "the pgmap's %s op" % op)
