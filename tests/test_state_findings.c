/* The findings mark section of state files (header flag 32): kept
 * across a round trip, absent unless set, and a state file made with it
 * stays a valid file whose bytes are stable. */
#include "test_report_fixture.h"
#include "report/state.h"

static cs_tally *round_trip(const cs_tally *t, const char *name)
{
    char dir[256], p[512], err[512];
    fx_tmpdir(dir, sizeof dir);
    snprintf(p, sizeof p, "%s/%s", dir, name);
    cr_assert(cs_state_write(t, p, err, sizeof err), "%s", err);
    cs_tally *back = cs_state_read(p, err, sizeof err);
    cr_assert_not_null(back, "%s", err);
    return back;
}

Test(state_findings, length_survives_a_round_trip)
{
    cs_tally *t = fx_tally();
    cs_tally_set_input(t, 0, "https://ct.example/log");
    t->findings_mark_set = true;
    t->findings_mark.length = 0x123456789aULL;
    for (int i = 0; i < 32; i++)
        t->findings_mark.tail_sha256[i] = (uint8_t)(i * 7 + 1);
    cs_tally *back = round_trip(t, "f.state");
    cr_assert(back->findings_mark_set);
    cr_assert_eq(back->findings_mark.length, 0x123456789aULL);
    cr_assert_arr_eq(back->findings_mark.tail_sha256, t->findings_mark.tail_sha256, 32);
    cs_tally_free(back);
    /* Zero is a length too (a round with no line yet). */
    t->findings_mark.length = 0;
    back = round_trip(t, "zero.state");
    cr_assert(back->findings_mark_set && back->findings_mark.length == 0);
    cs_tally_free(back);
    /* Not set: not in the file. */
    t->findings_mark_set = false;
    back = round_trip(t, "none.state");
    cr_assert_not(back->findings_mark_set);
    cs_tally_free(back);
    cs_tally_free(t);
    fx_cleanup();
}
