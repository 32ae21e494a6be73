#!/bin/sh
# T443-files -- a PDF is judged as a file, not diluted into its pages
# (issue 11, docs/ranking.md "Files"): a guide whose four pages all speak
# of « compostage » comes before a short note that says it twice on its
# one page, although the note's page alone weighs more than any page of
# the guide; a file whose one page matches keeps its place against a PDF
# that only mentions the word once (English: a manual that covers a topic
# throughout beats a memo that names it twice). The other matching pages
# of the PDF come from the same pass.
. "$(dirname "$0")/lib.sh"

MKPDF=$FOUILLE_SRC/build/tools/mkpdf
[ -x "$MKPDF" ] || skip_all "no $MKPDF (make tools)"
mkdir -p "$TMP/arch/guides" "$TMP/arch/notes" "$TMP/src"
{
    echo "Title: Guide du jardin partagé"
    echo "---"
    echo "Le compostage des déchets verts du jardin partagé se fait dans trois bacs en bois, près de la serre, à côté des outils communs."
    printf '\f\n'
    echo "Chaque famille apporte ses épluchures ; le compostage demande de mélanger les matières sèches et humides chaque semaine au printemps."
    printf '\f\n'
    echo "Au bout de neuf mois, le compost est mûr : le compostage a réduit de moitié le volume des déchets de la cantine de l'école."
    printf '\f\n'
    echo "Les ateliers de compostage ont lieu le premier samedi du mois, avec les bénévoles et les enfants du centre de loisirs du quartier."
} >"$TMP/src/guide.pdf.txt"
"$MKPDF" "$TMP/src/guide.pdf.txt" "$TMP/arch/guides/jardin.pdf" || skip_all "mkpdf failed"
printf 'Réunion de jeudi\n\nLe compostage est à l’ordre du jour ; le compostage des voisins aussi.\n' \
    >"$TMP/arch/notes/reunion.txt"
{
    echo "Title: Bulletin de la maison de quartier"
    echo "---"
    echo "Le bulletin présente les activités de la saison : danse, théâtre, cuisine, couture, informatique, chorale et randonnée pour tous les âges."
    printf '\f\n'
    echo "Une affiche sur le compostage est au panneau, avec les horaires de la ludothèque, de la bibliothèque et du secrétariat de la maison."
} >"$TMP/src/bulletin.pdf.txt"
"$MKPDF" "$TMP/src/bulletin.pdf.txt" "$TMP/arch/guides/bulletin.pdf" || skip_all "mkpdf failed"
index_archive "$TMP/index" "$TMP/arch" >/dev/null
ok $? "the archive is indexed"

out=$(search "$TMP/index" compostage)
is "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')" \
   "guides/jardin.pdf notes/reunion.txt guides/bulletin.pdf " \
   "compostage: the guide that speaks of it on every page, then the note, then the bulletin that mentions it once"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 3 "... each file once"

done_testing
