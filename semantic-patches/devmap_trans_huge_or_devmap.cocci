// SPDX-License-Identifier: GPL-2.0-only
/// Name the devmap idiom once: a test for "a huge leaf at this level, a
/// transparent huge page or a devmap entry" becomes one helper call, so the
/// removal of devmap entries changes the helpers, not every caller:
///   pmd_trans_huge(pmd) || pmd_devmap(pmd)   -> pmd_trans_huge_or_devmap(pmd)
///   !pud_trans_huge(pud) && !pud_devmap(pud) -> !pud_trans_huge_or_devmap(pud)
/// (either order). Only when the operand is a variable, a member of one or
/// one dereference of one (E, E->f, E.f, *E): the helper evaluates it once
/// where the test evaluated it twice, which is the same value for a
/// variable, and for memory one of the executions the two plain loads
/// already allowed (no READ_ONCE, no call, no side effect is merged away).
//
// Confidence: High
// Comments: kconv propose --refactor devmap runs this with
// KCONV_SITES="path:line:col,..." (the pXd_devmap token of each idiom site,
// 1-based columns, paths relative to KCONV_ROOT); without it every match is
// rewritten. The helpers are added to include/linux/pgtable.h by kconv.
// Options: --no-includes --include-headers

virtual patch

@initialize:python@
@@
import os
import re

KCONV_SITES = os.environ.get("KCONV_SITES")
KCONV_ROOT = os.environ.get("KCONV_ROOT", "")
KCONV_WANTED = None if KCONV_SITES is None else set(KCONV_SITES.split(","))
KCONV_SIMPLE = re.compile(r"^\*?\s*[A-Za-z_]\w*(\s*(->|\.)\s*[A-Za-z_]\w*)*$")

def kconv_key(p):
    f = p[0].file
    if KCONV_ROOT and f.startswith(KCONV_ROOT):
        f = f[len(KCONV_ROOT):]
    return "%s:%s:%d" % (f, p[0].line, int(p[0].column) + 1)

def kconv_wanted(p, e):
    if not KCONV_SIMPLE.match(e):
        return False
    return KCONV_WANTED is None or kconv_key(p) in KCONV_WANTED

@m1 depends on patch@
expression E;
position p;
@@
(
 pmd_trans_huge(E) || pmd_devmap@p(E)
|
 pmd_devmap@p(E) || pmd_trans_huge(E)
)

@script:python depends on m1@
p << m1.p;
e << m1.E;
@@
if not kconv_wanted(p, e):
    cocci.include_match(False)

@depends on m1@
expression m1.E;
position m1.p;
@@
(
- pmd_trans_huge(E) || pmd_devmap@p(E)
+ pmd_trans_huge_or_devmap(E)
|
- pmd_devmap@p(E) || pmd_trans_huge(E)
+ pmd_trans_huge_or_devmap(E)
)

@m2 depends on patch@
expression E;
position p;
@@
(
 !pmd_trans_huge(E) && !pmd_devmap@p(E)
|
 !pmd_devmap@p(E) && !pmd_trans_huge(E)
)

@script:python depends on m2@
p << m2.p;
e << m2.E;
@@
if not kconv_wanted(p, e):
    cocci.include_match(False)

@depends on m2@
expression m2.E;
position m2.p;
@@
(
- !pmd_trans_huge(E) && !pmd_devmap@p(E)
+ !pmd_trans_huge_or_devmap(E)
|
- !pmd_devmap@p(E) && !pmd_trans_huge(E)
+ !pmd_trans_huge_or_devmap(E)
)

@m3 depends on patch@
expression E;
position p;
@@
(
 pud_trans_huge(E) || pud_devmap@p(E)
|
 pud_devmap@p(E) || pud_trans_huge(E)
)

@script:python depends on m3@
p << m3.p;
e << m3.E;
@@
if not kconv_wanted(p, e):
    cocci.include_match(False)

@depends on m3@
expression m3.E;
position m3.p;
@@
(
- pud_trans_huge(E) || pud_devmap@p(E)
+ pud_trans_huge_or_devmap(E)
|
- pud_devmap@p(E) || pud_trans_huge(E)
+ pud_trans_huge_or_devmap(E)
)

@m4 depends on patch@
expression E;
position p;
@@
(
 !pud_trans_huge(E) && !pud_devmap@p(E)
|
 !pud_devmap@p(E) && !pud_trans_huge(E)
)

@script:python depends on m4@
p << m4.p;
e << m4.E;
@@
if not kconv_wanted(p, e):
    cocci.include_match(False)

@depends on m4@
expression m4.E;
position m4.p;
@@
(
- !pud_trans_huge(E) && !pud_devmap@p(E)
+ !pud_trans_huge_or_devmap(E)
|
- !pud_devmap@p(E) && !pud_trans_huge(E)
+ !pud_trans_huge_or_devmap(E)
)
