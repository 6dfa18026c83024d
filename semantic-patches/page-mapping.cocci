// SPDX-License-Identifier: GPL-2.0-only
/// Find accesses to struct page::mapping: reads, writes, comparisons,
/// address-taken and offsetof() uses.
///
/// "Killing reliance on struct page->mapping" (J. Glisse): the
/// address_space is available almost everywhere it is needed, so pass it
/// down instead of dereferencing page->mapping; folio conversions since
/// v5.16 removed most direct uses. Fix: use the folio (folio->mapping,
/// folio_mapping()) or the address_space the caller already holds. There is
/// no mechanical conversion (which mapping to pass down is a per-site
/// decision): MODE=patch changes nothing and reports the sites instead.
///
/// An access is reported when Coccinelle types its base as struct page
/// from the declarations in the file (no headers needed: kernel code
/// declares struct page * locals and parameters). With -D explain it also
/// reports the ->mapping accesses it typed as another struct, or could not
/// type, so kconv can account for every ->mapping in the tree.
/// Each site gets one access kind, the strongest of write, address-taken,
/// compare (==, !=, <, >, &&, ||, !, or a condition), read.
/// The record and field are those of kconv's rules/page-mapping.json.
///
/// Trees from v6.17 on name the mapping's tag bits FOLIO_MAPPING_ANON,
/// FOLIO_MAPPING_ANON_KSM, FOLIO_MAPPING_KSM and FOLIO_MAPPING_FLAGS
/// (David Hildenbrand, "mm: rename PAGE_MAPPING_* to FOLIO_MAPPING_*"); a use
/// of one relies on what page->mapping encodes, and is reported too, as are
/// page_mapping() and its callers on trees that still have it. kconv keeps
/// these reports only on trees its rules say have those names.
//
// Confidence: High
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
MAPPING_RANK = {"read": 1, "compare": 2, "address-taken": 3, "write": 4}
MAPPING_ACCESS = {}

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

def mapping_note(p, access):
    key = kconv_key(p)
    if MAPPING_RANK[access] > MAPPING_RANK.get(MAPPING_ACCESS.get(key), 0):
        MAPPING_ACCESS[key] = access

def mapping_site(p):
    access = MAPPING_ACCESS.get(kconv_key(p), "read")
    text = "%s of struct page::mapping: use the folio or pass the address_space down" % access
    return ("page-mapping." + access, access)

//----------------------------------------------------------
//  For context mode
//----------------------------------------------------------

@depends on context && !patch && !org && !report@
struct page *P;
struct page Q;
@@

(
* P->mapping
|
* Q.mapping
)

//----------------------------------------------------------
//  For org and report mode
//----------------------------------------------------------

// How ->mapping is used; which accesses are struct page's is decided below.

@mapping_write depends on org || report || patch@
expression E, E2;
assignment operator aop;
position p;
@@

(
  E->mapping@p aop E2
|
  E.mapping@p aop E2
|
  E->mapping@p++
|
  E->mapping@p--
|
  ++E->mapping@p
|
  --E->mapping@p
|
  WRITE_ONCE(E->mapping@p, E2)
|
  WRITE_ONCE(E.mapping@p, E2)
)

@script:python depends on mapping_write@
p << mapping_write.p;
@@
mapping_note(p, "write")

@mapping_address depends on org || report || patch@
expression E;
position p;
@@

(
  &E->mapping@p
|
  &E.mapping@p
)

@script:python depends on mapping_address@
p << mapping_address.p;
@@
mapping_note(p, "address-taken")

@mapping_compare depends on org || report || patch@
expression E, E2, E3;
binary operator bop = {==, !=, <, >, <=, >=, &&, ||};
position p;
@@

(
  E->mapping@p bop E2
|
  E2 bop E->mapping@p
|
  E.mapping@p bop E2
|
  E2 bop E.mapping@p
|
  !E->mapping@p
|
  !E.mapping@p
|
  E->mapping@p ? E2 : E3
|
  E.mapping@p ? E2 : E3
)

@script:python depends on mapping_compare@
p << mapping_compare.p;
@@
mapping_note(p, "compare")

@mapping_condition depends on org || report || patch@
expression E;
statement S1, S2;
position p;
@@

(
  if (E->mapping@p) S1 else S2
|
  if (E->mapping@p) S1
|
  while (E->mapping@p) S1
|
  if (E.mapping@p) S1 else S2
|
  if (E.mapping@p) S1
|
  while (E.mapping@p) S1
)

@script:python depends on mapping_condition@
p << mapping_condition.p;
@@
mapping_note(p, "compare")

// Which accesses are struct page's: typed, other types, untyped.

@mapping_typed depends on org || report || patch@
struct page *P;
struct page Q;
position p;
@@

(
  P->mapping@p
|
  Q.mapping@p
)

@mapping_offsetof depends on org || report || patch@
identifier fld = {mapping};
type T;
position p;
@@

  offsetof(T, fld@p)

@mapping_other depends on report && explain@
type T;
T E;
position p != mapping_typed.p;
@@

(
  E->mapping@p
|
  E.mapping@p
)

@mapping_untyped depends on report && explain@
expression E;
position p != {mapping_typed.p, mapping_other.p};
@@

(
  E->mapping@p
|
  E.mapping@p
)

@script:python depends on report || patch@
p << mapping_typed.p;
@@
rule, access = mapping_site(p)
kconv_report(p, rule, "typed",
             "%s of struct page::mapping: use the folio or pass the address_space down" % access)

@script:python depends on org@
p << mapping_typed.p;
@@
rule, access = mapping_site(p)
kconv_org(p, rule, "typed",
          "%s of struct page::mapping: use the folio or pass the address_space down" % access)

@script:python depends on report || patch@
p << mapping_offsetof.p;
t << mapping_offsetof.T;
@@
if str(t).replace(" ", "") == "structpage":
    kconv_report(p, "page-mapping.offsetof", "typed",
                 "offsetof(struct page, mapping): layout assertion, goes with the field")

@script:python depends on org@
p << mapping_offsetof.p;
t << mapping_offsetof.T;
@@
if str(t).replace(" ", "") == "structpage":
    kconv_org(p, "page-mapping.offsetof", "typed",
              "offsetof(struct page, mapping): layout assertion, goes with the field")

@script:python depends on report && explain@
p << mapping_other.p;
t << mapping_other.T;
@@
kconv_report(p, "page-mapping.explain", "other", "not struct page::mapping: %s" % t)

@script:python depends on report && explain@
p << mapping_untyped.p;
e << mapping_untyped.E;
@@
kconv_report(p, "page-mapping.explain", "untyped", "base %s has no known type" % e)

// The mapping's tag bits and page_mapping(), by name.

@mapping_name_def depends on org || report || patch@
identifier fn = {page_mapping};
position p;
@@

fn@p(...) { ... }

@mapping_name depends on org || report || patch@
identifier fn = {FOLIO_MAPPING_ANON, FOLIO_MAPPING_ANON_KSM, FOLIO_MAPPING_KSM,
                 FOLIO_MAPPING_FLAGS, page_mapping};
position p != mapping_name_def.p;
@@

fn@p

@script:python depends on report || patch@
p << mapping_name_def.p;
fn << mapping_name_def.fn;
@@
kconv_report(p, "page-mapping." + fn, "definition",
             "definition of %s(): the mapping through the page" % fn)

@script:python depends on org@
p << mapping_name_def.p;
fn << mapping_name_def.fn;
@@
kconv_org(p, "page-mapping." + fn, "definition",
          "definition of %s(): the mapping through the page" % fn)

@script:python depends on report || patch@
p << mapping_name.p;
fn << mapping_name.fn;
@@
kconv_report(p, "page-mapping." + fn, "use", "%s: relies on what page->mapping encodes" % fn)

@script:python depends on org@
p << mapping_name.p;
fn << mapping_name.fn;
@@
kconv_org(p, "page-mapping." + fn, "use", "%s: relies on what page->mapping encodes" % fn)
