/* vocab.c -- a French vocabulary for synthetic documents (see vocab.h).
 *
 * The word lists below were written for this benchmark: the everyday
 * words of an association's minutes and letters, and of the software
 * documentation the real corpus is made of, so that the same query list
 * finds things in both. Inflection is rule-based and deliberately simple
 * (a few irregular plurals and feminines come out wrong, as typos do in
 * real archives); what matters is a realistic number of distinct forms
 * sharing stems, for the stemmer and the index.
 */
#include "vocab.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char vocab_nouns[] =
    "association assemblée réunion conseil bureau président présidente "
    "secrétaire trésorier trésorière membre adhérent adhérente adhésion "
    "cotisation budget compte rapport bilan projet action collectif "
    "quartier ville commune mairie département région habitant habitante "
    "citoyen citoyenne voisin voisine famille enfant école collège lycée "
    "parent jeunesse santé logement loyer transport vélo route rue place "
    "marché commerce emploi travail salarié bénévole bénévolat subvention "
    "dossier demande courrier lettre courriel message réponse question "
    "proposition décision vote scrutin majorité unanimité délibération "
    "séance ordre jour date heure semaine mois année calendrier rendez-vous "
    "salle local bâtiment jardin parc terrain forêt rivière eau énergie "
    "électricité chauffage déchet tri recyclage compost pollution climat "
    "environnement nature biodiversité arbre fleur potager alimentation "
    "repas cantine agriculture agriculteur producteur circuit consommation "
    "économie finance banque crédit dépense recette facture devis contrat "
    "convention partenariat partenaire entreprise service public usager "
    "administration préfecture État loi décret règlement arrêté statut "
    "article alinéa chapitre titre page livret brochure affiche tract "
    "journal revue presse média radio télévision internet site réseau "
    "ordinateur logiciel système fichier dossier répertoire paquet dépôt "
    "archive version distribution noyau pilote module bibliothèque "
    "commande option paramètre configuration installation mise jour "
    "sécurité mot passe utilisateur administrateur serveur client "
    "navigateur courrier adresse domaine nom protocole connexion pare-feu "
    "sauvegarde restauration disque partition mémoire processeur machine "
    "source binaire compilation construction dépendance conflit erreur "
    "bogue débogage correctif rustine test documentation manuel guide "
    "référence exemple tutoriel introduction conclusion annexe index "
    "table matière sommaire résumé note remarque avertissement astuce "
    "police caractère glyphe ligature accent cédille apostrophe guillemet "
    "espace insécable césure coupure ligne paragraphe marge interligne "
    "typographie orthographe grammaire langue français anglais traduction "
    "traducteur dictionnaire bibliographie citation auteur autrice éditeur "
    "édition imprimerie impression format document formulaire tableau "
    "figure image schéma graphique couleur style mise forme modèle classe "
    "extension macro environnement compteur longueur boîte tableur "
    "calcul formule équation mathématique symbole nombre chiffre unité "
    "mesure longueur largeur hauteur poids prix coût tarif gratuité "
    "accès accueil permanence atelier formation stage conférence débat "
    "rencontre fête festival concert spectacle exposition visite sortie "
    "voyage séjour vacances week-end matin soir nuit midi printemps été "
    "automne hiver pluie neige soleil vent tempête inondation sécheresse "
    "pétition manifestation mobilisation grève syndicat parti élection "
    "élu élue maire adjoint adjointe député sénateur ministre gouvernement "
    "politique démocratie participation concertation consultation enquête "
    "étude analyse diagnostic observation constat résultat objectif "
    "priorité stratégie méthode outil moyen ressource besoin difficulté "
    "problème solution piste idée avis opinion point vue accord désaccord "
    "compromis engagement promesse responsabilité mission rôle fonction "
    "poste équipe groupe commission comité collège fédération union "
    "coopérative mutuelle fondation réseau solidarité entraide don "
    "collecte vente achat location prêt échange gratuité tirage loterie "
    "assurance sinistre litige avocat tribunal jugement recours plainte "
    "témoignage récit histoire mémoire patrimoine culture musée théâtre "
    "cinéma musique chanson livre roman poème lecture écriture atelier "
    "handicap accessibilité inclusion égalité discrimination droit devoir "
    "liberté laïcité citoyenneté fraternité respect confiance transparence";

static const char vocab_adjectives[] =
    "public privé local national régional municipal communal associatif "
    "collectif commun général particulier spécial principal ancien nouveau "
    "grand petit long court haut bas large étroit lourd léger rapide lent "
    "simple complexe facile difficile possible impossible nécessaire utile "
    "important urgent prochain dernier premier second suivant précédent "
    "annuel mensuel hebdomadaire quotidien ordinaire extraordinaire "
    "financier économique social politique culturel sportif scolaire "
    "écologique énergétique numérique informatique technique pratique "
    "juridique administratif officiel légal illégal libre gratuit payant "
    "ouvert fermé complet partiel total final provisoire définitif "
    "stable instable récent moderne classique standard courant actuel "
    "vieux jeune neuf propre sale calme bruyant clair sombre fort faible "
    "riche pauvre cher modeste juste injuste égal inégal solidaire "
    "responsable actif passif positif négatif favorable défavorable "
    "unanime majoritaire minoritaire présent absent excusé représenté "
    "français européen international mondial rural urbain périurbain "
    "typographique orthographique mathématique graphique binaire source "
    "compatible incompatible disponible indisponible obsolète sécurisé "
    "automatique manuel interactif graphique textuel logique physique "
    "virtuel réel exact précis correct incorrect valide invalide "
    "vert rouge bleu jaune noir blanc gris ancien historique naturel";

static const char vocab_verbs[] =
    "parler discuter débattre proposer adopter voter décider organiser "
    "préparer présenter expliquer demander rappeler signaler souligner "
    "remercier saluer accueillir inviter informer annoncer publier "
    "diffuser envoyer recevoir transmettre contacter rencontrer visiter "
    "participer animer coordonner gérer piloter suivre évaluer examiner "
    "étudier analyser constater observer mesurer calculer compter payer "
    "financer acheter vendre louer prêter donner collecter récolter "
    "planter cultiver arroser nettoyer réparer construire rénover isoler "
    "chauffer économiser consommer trier recycler composter jeter "
    "installer configurer compiler construire empaqueter télécharger "
    "mettre jour sauvegarder restaurer copier déplacer supprimer effacer "
    "créer modifier changer remplacer ajouter retirer activer désactiver "
    "lancer arrêter redémarrer tester vérifier contrôler corriger "
    "documenter traduire rédiger écrire imprimer composer formater "
    "justifier aligner centrer espacer couper césurer numéroter indexer "
    "chercher trouver rechercher classer ranger archiver conserver garder "
    "montrer indiquer préciser définir déclarer charger appeler utiliser "
    "employer permettre autoriser interdire refuser accepter approuver "
    "valider signer engager mobiliser manifester protester défendre "
    "soutenir aider accompagner former apprendre enseigner travailler "
    "habiter loger circuler marcher rouler stationner traverser "
    "aménager améliorer développer renforcer limiter réduire augmenter "
    "baisser stabiliser continuer commencer terminer achever reporter "
    "annuler confirmer fixer programmer planifier lister noter résumer "
    "partager échanger communiquer négocier rassembler regrouper fusionner "
    "séparer diviser distribuer répartir attribuer affecter consacrer "
    "penser estimer juger considérer souhaiter espérer regretter craindre "
    "rester passer entrer monter tomber retourner arriver demeurer";

static const char vocab_function[] =
    "le la les de des du un une et ou à au aux en pour par avec sans "
    "sur sous dans chez entre vers contre selon depuis pendant avant après "
    "qui que dont où ce cette ces son sa ses leur leurs notre nos votre "
    "vos il elle ils elles on nous vous se ne pas plus très aussi mais donc "
    "car si est sont a ont été être avoir fait tout tous toute toutes "
    "chaque autre autres même comme ainsi alors encore déjà bien peu";

struct vocab {
    char **words;        /* owned, each owned: the content words by rank */
    size_t nwords, cap;
    char **nouns;        /* borrowed from words: singular nouns */
    size_t nnouns;
    char **function;     /* owned, each owned */
    size_t nfunction;
    double log_n;        /* log(nwords + 1), for the rank draw */
};

uint64_t vocab_rand(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

unsigned vocab_below(uint64_t *state, unsigned n)
{
    return (unsigned)(vocab_rand(state) % n);
}

static int vocab_ends(const char *w, const char *suffix)
{
    size_t n = strlen(w), s = strlen(suffix);
    return n >= s && strcmp(w + n - s, suffix) == 0;
}

/* Append stem (its first `keep` bytes) + suffix to the word list. */
static int vocab_push(vocab *v, const char *stem, size_t keep, const char *suffix)
{
    if (v->nwords == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 1024;
        char **w = realloc(v->words, cap * sizeof *w);
        if (!w)
            return -1;
        v->words = w;
        v->cap = cap;
    }
    size_t sl = strlen(suffix);
    char *s = malloc(keep + sl + 1);
    if (!s)
        return -1;
    memcpy(s, stem, keep);
    memcpy(s + keep, suffix, sl + 1);
    v->words[v->nwords++] = s;
    return 0;
}

static int vocab_noun_forms(vocab *v, const char *n)
{
    size_t len = strlen(n);
    int rc = vocab_push(v, n, len, "");
    if (vocab_ends(n, "s") || vocab_ends(n, "x") || vocab_ends(n, "z"))
        return rc;
    if (vocab_ends(n, "al"))
        return rc | vocab_push(v, n, len - 2, "aux");
    if (vocab_ends(n, "eau") || vocab_ends(n, "eu"))
        return rc | vocab_push(v, n, len, "x");
    return rc | vocab_push(v, n, len, "s");
}

static int vocab_adjective_forms(vocab *v, const char *a)
{
    static const struct { const char *m, *f; } fem[] = {
        { "if", "ive" }, { "eux", "euse" }, { "el", "elle" },
        { "ien", "ienne" }, { "er", "ère" }, { "eau", "elle" },
        { "c", "che" }, { "e", "e" },
    };
    size_t len = strlen(a);
    char f[128];
    int rc = vocab_push(v, a, len, "");

    if (len + 8 > sizeof f)
        return -1;
    memcpy(f, a, len + 1);
    for (size_t i = 0; i < sizeof fem / sizeof fem[0]; i++) {
        if (vocab_ends(a, fem[i].m)) {
            strcpy(f + len - strlen(fem[i].m), fem[i].f);
            break;
        }
        if (i + 1 == sizeof fem / sizeof fem[0])
            strcat(f, "e");
    }
    if (strcmp(f, a) != 0)
        rc |= vocab_push(v, f, strlen(f), "");
    if (vocab_ends(a, "al"))
        rc |= vocab_push(v, a, len - 2, "aux");
    else if (!vocab_ends(a, "s") && !vocab_ends(a, "x"))
        rc |= vocab_push(v, a, len, "s");
    return rc | vocab_push(v, f, strlen(f), "s");
}

/* -er verbs: infinitive, present, imperfect, future, participles. A stem
 * ending in g takes an e before a or o (mangeons), in c a cedilla. */
static int vocab_verb_forms(vocab *v, const char *inf)
{
    static const char *const soft[] = { "e", "es", "ent", "ez", "é", "ée",
        "és", "ées", "era", "eront", "erons", "iez", "ions", NULL };
    static const char *const hard[] = { "ons", "ait", "aient", "ant", NULL };
    size_t len = strlen(inf);
    int rc = vocab_push(v, inf, len, "");

    if (!vocab_ends(inf, "er"))
        return rc;              /* a few -ir/-re verbs: infinitive only */
    size_t stem = len - 2;
    for (size_t i = 0; soft[i]; i++)
        rc |= vocab_push(v, inf, stem, soft[i]);
    for (size_t i = 0; hard[i]; i++) {
        char buf[128];
        const char *tail = hard[i];
        if (stem + 8 > sizeof buf)
            return -1;
        memcpy(buf, inf, stem);
        buf[stem] = 0;
        if (stem && inf[stem - 1] == 'g')
            strcat(buf, "e");
        else if (stem && inf[stem - 1] == 'c')
            strcpy(buf + stem - 1, "ç");
        strcat(buf, tail);
        rc |= vocab_push(v, buf, strlen(buf), "");
    }
    return rc;
}

/* Call `forms` for each space-separated word of `list`. */
static int vocab_each(vocab *v, const char *list, int (*forms)(vocab *, const char *))
{
    const char *p = list;
    while (*p) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        char w[128];
        if (n == 0)
            break;
        if (n >= sizeof w)
            return -1;
        memcpy(w, p, n);
        w[n] = 0;
        if (forms(v, w) != 0)
            return -1;
        p += n;
    }
    return 0;
}

static int vocab_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort, drop duplicates, then shuffle with a fixed seed: the rank order. */
static void vocab_rank(vocab *v)
{
    size_t out = 0;
    uint64_t rng = 20240611;

    qsort(v->words, v->nwords, sizeof *v->words, vocab_cmp);
    for (size_t i = 0; i < v->nwords; i++) {
        if (out && strcmp(v->words[out - 1], v->words[i]) == 0)
            free(v->words[i]);
        else
            v->words[out++] = v->words[i];
    }
    v->nwords = out;
    for (size_t i = v->nwords; i > 1; i--) {
        size_t j = vocab_rand(&rng) % i;
        char *t = v->words[i - 1];
        v->words[i - 1] = v->words[j];
        v->words[j] = t;
    }
    v->log_n = log((double)v->nwords + 1.0);
}

static void vocab_strv_free(char **s, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        free(s[i]);
    free(s);
}

/* The function words and the singular nouns, split from their lists. */
static char **vocab_split(const char *list, size_t *n)
{
    size_t cap = 1;
    for (const char *p = list; *p; p++)
        cap += *p == ' ';
    char **out = calloc(cap, sizeof *out);
    const char *p = list;
    *n = 0;
    while (out && *p) {
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, " ");
        if (!len)
            break;
        if (!(out[*n] = strndup(p, len))) {
            vocab_strv_free(out, *n);
            return NULL;
        }
        (*n)++;
        p += len;
    }
    return out;
}

vocab *vocab_create(void)
{
    vocab *v = calloc(1, sizeof *v);

    if (!v)
        return NULL;
    if (vocab_each(v, vocab_nouns, vocab_noun_forms) != 0 ||
        vocab_each(v, vocab_adjectives, vocab_adjective_forms) != 0 ||
        vocab_each(v, vocab_verbs, vocab_verb_forms) != 0)
        goto fail;
    vocab_rank(v);
    v->nouns = vocab_split(vocab_nouns, &v->nnouns);
    v->function = vocab_split(vocab_function, &v->nfunction);
    if (!v->nouns || !v->function)
        goto fail;
    return v;
fail:
    vocab_free(v);
    return NULL;
}

void vocab_free(vocab *v)
{
    if (!v)
        return;
    vocab_strv_free(v->words, v->nwords);
    vocab_strv_free(v->nouns, v->nnouns);
    vocab_strv_free(v->function, v->nfunction);
    free(v);
}

size_t vocab_size(const vocab *v)
{
    return v->nwords;
}

/* Rank r with a density close to 1/r: r = (n+1)^u - 1, u uniform. */
const char *vocab_word(const vocab *v, uint64_t *rng)
{
    double u = (double)(vocab_rand(rng) >> 11) / 9007199254740992.0;
    size_t r = (size_t)(exp(u * v->log_n) - 1.0);
    return v->words[r < v->nwords ? r : v->nwords - 1];
}

const char *vocab_function_word(const vocab *v, uint64_t *rng)
{
    return v->function[vocab_below(rng, (unsigned)v->nfunction)];
}

const char *vocab_noun(const vocab *v, uint64_t *rng)
{
    return v->nouns[vocab_below(rng, (unsigned)v->nnouns)];
}
