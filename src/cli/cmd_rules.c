/* certsweep rules: list the registered rules and their metadata. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lint/ruleset.h"

static void rules_help(void)
{
    printf("usage: certsweep rules [options]\n"
           "\n"
           "Lists the rules (all, or those selected with --rules) with their metadata.\n"
           "\n"
           "options:\n"
           "  -r, --rules LIST   selection as for 'certsweep scan --rules'\n"
           "      --tsv          tab-separated: id, severity, source, citation, effective,\n"
           "                     ineffective, applies_to, description, zlint, pkilint\n"
           "                     (with a header row)\n"
           "  -h, --help         this help\n"
           "  -V, --version      version\n"
           "\n"
           "zlint and pkilint name the peer lints and finding codes that check the same\n"
           "requirement (comma-separated; docs/rules-xref.md).\n");
}

/* TSV cells must not contain tabs or newlines; metadata never should. */
static const char *cell(const char *s) { return s ? s : ""; }

/* "a,b" as "a, b". */
static void print_list(const char *list)
{
    for (const char *p = list; *p; p++) {
        putchar(*p);
        if (*p == ',')
            putchar(' ');
    }
}

/* The peer cross-references of the readable listing: one line, only when
 * a peer checks the same requirement. */
static void print_peers(const cs_rule *r)
{
    if (!r->zlint && !r->pkilint)
        return;
    fputs("    same requirement in", stdout);
    if (r->zlint) {
        fputs(" zlint: ", stdout);
        print_list(r->zlint);
        if (r->pkilint)
            putchar(';');
    }
    if (r->pkilint) {
        fputs(" pkilint: ", stdout);
        print_list(r->pkilint);
    }
    putchar('\n');
}

int cs_cmd_rules(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "rules", required_argument, NULL, 'r' },
        { "tsv", no_argument, NULL, 't' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    const char *selection = NULL;
    int tsv = 0, ch;
    while ((ch = getopt_long(argc, argv, "r:hV", longopts, NULL)) != -1) {
        switch (ch) {
        case 'r': selection = optarg; break;
        case 't': tsv = 1; break;
        case 'h': rules_help(); return CS_EXIT_OK;
        case 'V': cs_cli_version("rules"); return CS_EXIT_OK;
        default: return cs_cli_bad_option("rules");
        }
    }
    if (optind < argc)
        return cs_cli_usage_error("rules", "unexpected argument '%s'", argv[optind]);
    char err[512];
    cs_ruleset *rs = cs_ruleset_new(selection, err, sizeof err);
    if (!rs)
        return cs_cli_usage_error("rules", "%s", err);

    if (tsv)
        printf("id\tseverity\tsource\tcitation\teffective\tineffective\tapplies_to\tdescription\tzlint\tpkilint\n");
    for (size_t i = 0; i < cs_ruleset_count(rs); i++) {
        const cs_rule *r = cs_ruleset_rule(rs, i);
        if (tsv) {
            printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r->id, cs_severity_name(r->severity),
                   cs_source_name(r->source), cell(r->citation), cell(r->effective),
                   cell(r->ineffective), cell(r->applies_to), cell(r->description), cell(r->zlint),
                   cell(r->pkilint));
        } else {
            printf("%s\n    %s, %s %s, effective %s%s%s\n    applies to: %s\n    %s\n", r->id,
                   cs_severity_name(r->severity), cs_source_name(r->source), cell(r->citation),
                   r->effective ? r->effective : "always", r->ineffective ? ", until " : "",
                   cell(r->ineffective), cell(r->applies_to), cell(r->description));
            print_peers(r);
            putchar('\n');
        }
    }
    if (!tsv)
        printf("%zu rules\n", cs_ruleset_count(rs));
    cs_ruleset_free(rs);
    return CS_EXIT_OK;
}
