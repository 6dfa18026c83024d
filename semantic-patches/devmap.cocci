// SPDX-License-Identifier: GPL-2.0-only
/// Find uses and definitions of the devmap / special page-table API.
///
/// DAX and device-dax map ZONE_DEVICE pages with special+devmap PTEs, PMDs
/// and PUDs that hold no page reference, so vm_normal_page() and GUP treat
/// them apart ("We need to stop using the special PTEs and VMAs for things
/// that have a struct page", J. Gunthorpe). Removing the devmap bits needs
/// every test, constructor and definition found first, on every
/// architecture. Fix: once FS-DAX and device-dax map refcounted folios
/// ("fs/dax: Fix ZONE_DEVICE page reference counts", v6.15), drop the
/// devmap tests and insert normal refcounted mappings
/// (vmf_insert_folio_pmd/pud); pte_special() stays for pfn-only mappings.
///
/// The names are those of kconv's rules/devmap.json (kconv checks that both
/// list the same identifiers). Preprocessor lines (#define NAME, #ifdef NAME)
/// cannot be matched by SmPL; kconv finds those with a lexical scan.
///
/// Patch mode does the mechanical step of the removal only:
/// pXd_trans_huge(x) || pXd_devmap(x)  ->  pXd_trans_huge(x), and
/// !pXd_trans_huge(x) && !pXd_devmap(x) -> !pXd_trans_huge(x).
/// It is correct only on a tree where devmap PMDs/PUDs are already normal
/// refcounted huge mappings (pXd_trans_huge() true for them); on an older
/// tree it changes behaviour. Review every hunk.
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
identifier fn = {pte_devmap, pmd_devmap, pud_devmap, pgd_devmap,
                 pte_mkdevmap, pmd_mkdevmap, pud_mkdevmap,
                 pfn_t_devmap, pfn_t_special,
                 pte_special, pte_mkspecial, pmd_special, pmd_mkspecial,
                 pud_special, pud_mkspecial, vma_is_special_huge,
                 follow_devmap_pmd, follow_devmap_pud,
                 _PAGE_DEVMAP, _PAGE_BIT_DEVMAP, PTE_DEVMAP,
                 PFN_DEV, PFN_MAP, PFN_SPECIAL,
                 CONFIG_ARCH_HAS_PTE_DEVMAP, ARCH_HAS_PTE_DEVMAP};
@@

* fn

//----------------------------------------------------------
//  For patch mode
//----------------------------------------------------------

@depends on patch && !context && !org && !report@
expression x, e;
@@

(
- (pmd_trans_huge(x) || pmd_devmap(x))
+ pmd_trans_huge(x)
|
- pmd_trans_huge(x) || pmd_devmap(x)
+ pmd_trans_huge(x)
|
- e || pmd_trans_huge(x) || pmd_devmap(x)
+ e || pmd_trans_huge(x)
|
- !pmd_trans_huge(x) && !pmd_devmap(x)
+ !pmd_trans_huge(x)
|
- (pud_trans_huge(x) || pud_devmap(x))
+ pud_trans_huge(x)
|
- pud_trans_huge(x) || pud_devmap(x)
+ pud_trans_huge(x)
|
- e || pud_trans_huge(x) || pud_devmap(x)
+ e || pud_trans_huge(x)
|
- !pud_trans_huge(x) && !pud_devmap(x)
+ !pud_trans_huge(x)
)

//----------------------------------------------------------
//  For org and report mode
//----------------------------------------------------------

@devmap_def depends on !patch && (org || report)@
identifier fn = {pte_devmap, pmd_devmap, pud_devmap, pgd_devmap,
                 pte_mkdevmap, pmd_mkdevmap, pud_mkdevmap,
                 pfn_t_devmap, pfn_t_special,
                 pte_special, pte_mkspecial, pmd_special, pmd_mkspecial,
                 pud_special, pud_mkspecial, vma_is_special_huge,
                 follow_devmap_pmd, follow_devmap_pud};
position p;
@@

fn@p(...) { ... }

@devmap_idiom_or depends on !patch && (org || report)@
expression x, e;
identifier th = {pmd_trans_huge, pud_trans_huge};
identifier dm = {pmd_devmap, pud_devmap};
position p;
@@

(
  th(x) || dm@p(x)
|
  e || th(x) || dm@p(x)
)

@devmap_idiom_and depends on !patch && (org || report)@
expression x;
identifier th = {pmd_trans_huge, pud_trans_huge};
identifier dm = {pmd_devmap, pud_devmap};
position p;
@@

  !th(x) && !dm@p(x)

@devmap_use depends on !patch && (org || report)@
identifier fn = {pte_devmap, pmd_devmap, pud_devmap, pgd_devmap,
                 pte_mkdevmap, pmd_mkdevmap, pud_mkdevmap,
                 pfn_t_devmap, pfn_t_special,
                 pte_special, pte_mkspecial, pmd_special, pmd_mkspecial,
                 pud_special, pud_mkspecial, vma_is_special_huge,
                 follow_devmap_pmd, follow_devmap_pud,
                 _PAGE_DEVMAP, _PAGE_BIT_DEVMAP, PTE_DEVMAP,
                 PFN_DEV, PFN_MAP, PFN_SPECIAL,
                 CONFIG_ARCH_HAS_PTE_DEVMAP, ARCH_HAS_PTE_DEVMAP};
position p != {devmap_def.p, devmap_idiom_or.p, devmap_idiom_and.p};
@@

fn@p

@script:python depends on report@
p << devmap_def.p;
fn << devmap_def.fn;
@@
kconv_report(p, "devmap." + fn, "definition",
             "definition of %s(): devmap/special page-table API" % fn)

@script:python depends on org@
p << devmap_def.p;
fn << devmap_def.fn;
@@
kconv_org(p, "devmap." + fn, "definition",
          "definition of %s(): devmap/special page-table API" % fn)

@script:python depends on report@
p << devmap_idiom_or.p;
dm << devmap_idiom_or.dm;
th << devmap_idiom_or.th;
@@
kconv_report(p, "devmap." + dm, "use,idiom=trans_huge_or_devmap,with=" + th,
             "%s(): paired with %s(), drop once devmap entries are refcounted" % (dm, th))

@script:python depends on org@
p << devmap_idiom_or.p;
dm << devmap_idiom_or.dm;
th << devmap_idiom_or.th;
@@
kconv_org(p, "devmap." + dm, "use,idiom=trans_huge_or_devmap,with=" + th,
          "%s(): paired with %s(), drop once devmap entries are refcounted" % (dm, th))

@script:python depends on report@
p << devmap_idiom_and.p;
dm << devmap_idiom_and.dm;
th << devmap_idiom_and.th;
@@
kconv_report(p, "devmap." + dm, "use,idiom=not_trans_huge_and_not_devmap,with=" + th,
             "%s(): paired with %s(), drop once devmap entries are refcounted" % (dm, th))

@script:python depends on org@
p << devmap_idiom_and.p;
dm << devmap_idiom_and.dm;
th << devmap_idiom_and.th;
@@
kconv_org(p, "devmap." + dm, "use,idiom=not_trans_huge_and_not_devmap,with=" + th,
          "%s(): paired with %s(), drop once devmap entries are refcounted" % (dm, th))

@script:python depends on report@
p << devmap_use.p;
fn << devmap_use.fn;
@@
kconv_report(p, "devmap." + fn, "use", "%s: devmap/special page-table API" % fn)

@script:python depends on org@
p << devmap_use.p;
fn << devmap_use.fn;
@@
kconv_org(p, "devmap." + fn, "use", "%s: devmap/special page-table API" % fn)
