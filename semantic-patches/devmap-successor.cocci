// SPDX-License-Identifier: GPL-2.0-only
/// Find what stands where devmap was, on trees without devmap (v6.17 on):
/// tests and constructors of special huge entries, the tests that pair
/// pXd_special() with pXd_trans_huge() where pXd_devmap() used to be, and
/// raw-pfn huge inserts.
///
/// Alistair Popple's "mm: Remove pXX_devmap page table bit and pfn_t type"
/// (v6.17) removed pXd_devmap(), pXd_mkdevmap(), _PAGE_DEVMAP and pfn_t:
/// FS-DAX and device-dax map refcounted folios (vmf_insert_folio_pmd()/_pud(),
/// vmf_insert_page_mkwrite()) and special huge entries are pfn-only
/// mappings. A site found here still tells special entries apart where a
/// devmap test was, or inserts a pfn that may have a struct page
/// (vmf_insert_pfn_pmd() takes a raw pfn now). Fix: test the folio
/// (vm_normal_page_pmd()) unless the mapping is pfn-only; insert pages with
/// struct pages through vmf_insert_folio_pmd()/_pud().
///
/// There is no mechanical conversion: MODE=patch changes nothing and reports
/// the sites instead. The names
/// are those of kconv's rules/devmap-successor.json, which kconv runs only
/// on trees without the devmap API.
//
// Confidence: Moderate
// Copyright: (C) 2026 kconv authors.
// Comments: report lines are "file:line:col-col: RULE [KIND] in FN(): text"
// Options: --no-includes --include-headers
// Requires: 1.1.1

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
def kconv_message(p, rule, kind, text):
    fn = p[0].current_element
    where = "" if fn == "something_else" else " in %s()" % fn
    return "%s [%s]%s: %s" % (rule, kind, where, text)

def kconv_report(p, rule, kind, text):
    coccilib.report.print_report(p[0], kconv_message(p, rule, kind, text))

def kconv_org(p, rule, kind, text):
    msg = kconv_message(p, rule, kind, text)
    coccilib.org.print_todo(p[0], msg.replace("[", "@(").replace("]", ")"))

//----------------------------------------------------------
//  For context mode
//----------------------------------------------------------

@depends on context && !patch && !org && !report@
identifier fn = {pmd_special, pud_special, pmd_mkspecial, pud_mkspecial,
                 vmf_insert_pfn_pmd, vmf_insert_pfn_pud};
@@

* fn

//----------------------------------------------------------
//  For org and report mode
//----------------------------------------------------------

@succ_def depends on org || report || patch@
identifier fn = {pmd_special, pud_special, pmd_mkspecial, pud_mkspecial,
                 vmf_insert_pfn_pmd, vmf_insert_pfn_pud};
position p;
@@

fn@p(...) { ... }

@succ_idiom_or depends on org || report || patch@
expression x, e;
identifier th = {pmd_trans_huge, pud_trans_huge};
identifier sp = {pmd_special, pud_special};
position p;
@@

(
  th(x) || sp@p(x)
|
  e || th(x) || sp@p(x)
|
  sp@p(x) || th(x)
)

@succ_idiom_and depends on org || report || patch@
expression x;
identifier th = {pmd_trans_huge, pud_trans_huge};
identifier sp = {pmd_special, pud_special};
position p;
@@

(
  !th(x) && !sp@p(x)
|
  !sp@p(x) && !th(x)
)

@succ_use depends on org || report || patch@
identifier fn = {pmd_special, pud_special, pmd_mkspecial, pud_mkspecial,
                 vmf_insert_pfn_pmd, vmf_insert_pfn_pud};
position p != {succ_def.p, succ_idiom_or.p, succ_idiom_and.p};
@@

fn@p

@script:python depends on report || patch@
p << succ_def.p;
fn << succ_def.fn;
@@
kconv_report(p, "devmap-successor." + fn, "definition",
             "definition of %s(): devmap's successor API" % fn)

@script:python depends on org@
p << succ_def.p;
fn << succ_def.fn;
@@
kconv_org(p, "devmap-successor." + fn, "definition",
          "definition of %s(): devmap's successor API" % fn)

@script:python depends on report || patch@
p << succ_idiom_or.p;
sp << succ_idiom_or.sp;
th << succ_idiom_or.th;
@@
kconv_report(p, "devmap-successor." + sp, "use,idiom=trans_huge_or_special,with=" + th,
             "%s(): paired with %s() where devmap was" % (sp, th))

@script:python depends on org@
p << succ_idiom_or.p;
sp << succ_idiom_or.sp;
th << succ_idiom_or.th;
@@
kconv_org(p, "devmap-successor." + sp, "use,idiom=trans_huge_or_special,with=" + th,
          "%s(): paired with %s() where devmap was" % (sp, th))

@script:python depends on report || patch@
p << succ_idiom_and.p;
sp << succ_idiom_and.sp;
th << succ_idiom_and.th;
@@
kconv_report(p, "devmap-successor." + sp, "use,idiom=not_trans_huge_and_not_special,with=" + th,
             "%s(): paired with %s() where devmap was" % (sp, th))

@script:python depends on org@
p << succ_idiom_and.p;
sp << succ_idiom_and.sp;
th << succ_idiom_and.th;
@@
kconv_org(p, "devmap-successor." + sp, "use,idiom=not_trans_huge_and_not_special,with=" + th,
          "%s(): paired with %s() where devmap was" % (sp, th))

@script:python depends on report || patch@
p << succ_use.p;
fn << succ_use.fn;
@@
kconv_report(p, "devmap-successor." + fn, "use", "%s: devmap's successor API" % fn)

@script:python depends on org@
p << succ_use.p;
fn << succ_use.fn;
@@
kconv_org(p, "devmap-successor." + fn, "use", "%s: devmap's successor API" % fn)
