# score.awk -- relevance figures of one engine's answers.
#
#   awk -F'\t' -f bench/score.awk QRELS RUN
#
# QRELS: "qid TAB path TAB grade" (grade 1 relevant, 2 the answer looked
# for); every query to score has at least one line. RUN: "qid TAB rank TAB
# path", the engine's top 10 (rank from 1). Prints one line:
#   queries MRR@10 success@1 success@10 nDCG@10 best@1
# where success@k is the share of queries with a relevant file (grade >= 1)
# in the top k, MRR@10 the mean of 1/rank of the first one (0 when none in
# the top 10), nDCG@10 the graded discounted gain ((2^grade - 1)/log2(rank
# + 1)) over the ideal order's, and best@1 the share whose first answer
# has the highest grade the query has. With -v perq=FILE, also writes
# "qid TAB rank of the first relevant file (0: none) TAB nDCG@10" a query.
#
# Design: one pass over each file; a file answered twice for a query (two
# pages of one PDF, say) counts once, at its best rank, and the ranks of
# the files after it move up, as a person reading the list sees them.
FNR == NR {
    if ($0 == "") next
    grade[$1, $2] = $3
    if (!($1 in nq)) { nq[$1] = 1; order[++n] = $1 }
    rel[$1] = rel[$1] " " $3
    if ($3 > top[$1]) top[$1] = $3
    next
}
{
    if (!($1 in nq) || $2 > 10) next
    if (seen[$1, $3]++) next
    r = ++shown[$1]
    g = ($1, $3) in grade ? grade[$1, $3] : 0
    if (g > 0 && !($1 in first)) first[$1] = r
    if (r == 1 && g == top[$1]) best1[$1] = 1
    dcg[$1] += (2 ^ g - 1) / (log(r + 1) / log(2))
}
END {
    for (i = 1; i <= n; i++) {
        q = order[i]
        k = split(rel[q], gs, " ")
        # the ideal order: grades sorted down (at most 10 of them)
        for (a = 1; a <= k; a++)
            for (b = a + 1; b <= k; b++)
                if (gs[b] > gs[a]) { t = gs[a]; gs[a] = gs[b]; gs[b] = t }
        idcg = 0
        for (a = 1; a <= k && a <= 10; a++)
            idcg += (2 ^ gs[a] - 1) / (log(a + 1) / log(2))
        nd = idcg > 0 ? dcg[q] / idcg : 0
        f = q in first ? first[q] : 0
        if (f > 0) { mrr += 1 / f; s10++ }
        if (f == 1) s1++
        if (q in best1) b1++
        ndcg += nd
        if (perq != "") printf "%s\t%d\t%.4f\n", q, f, nd >perq
    }
    if (n == 0) { print "0 - - - - -"; exit }
    printf "%d %.3f %.3f %.3f %.3f %.3f\n", n, mrr / n, s1 / n, s10 / n, ndcg / n, b1 / n
}
