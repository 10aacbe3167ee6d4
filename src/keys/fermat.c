/* Fermat's method, a bounded number of rounds: a^2 - N tested for a
 * square, a^2 - N kept up to date by adding 2a + 1 (no squaring). */
#include "keys/fermat.h"

#include <gmp.h>

bool cs_fermat_factor(cs_span modulus, unsigned rounds, unsigned *round)
{
    if (modulus.len == 0)
        return false;
    mpz_t n, a, b2; /* b2 = a^2 - n */
    mpz_inits(n, a, b2, NULL);
    mpz_import(n, modulus.len, 1, 1, 1, 0, modulus.p);
    bool found = false;
    if (mpz_cmp_ui(n, 4) >= 0) {
        mpz_sqrtrem(a, b2, n); /* n = a^2 + b2 */
        if (mpz_sgn(b2) != 0)
            mpz_add_ui(a, a, 1); /* ceil(sqrt(n)) */
        mpz_mul(b2, a, a);
        mpz_sub(b2, b2, n);
        for (unsigned i = 1; i <= rounds; i++) {
            if (mpz_perfect_square_p(b2)) {
                /* a - b = 1 is n = n * 1: the closest factors are trivial */
                mpz_sqrt(b2, b2);
                mpz_sub(b2, a, b2);
                found = mpz_cmp_ui(b2, 1) > 0;
                if (found && round)
                    *round = i;
                break;
            }
            mpz_addmul_ui(b2, a, 2); /* (a+1)^2 - n = a^2 - n + 2a + 1 */
            mpz_add_ui(b2, b2, 1);
            mpz_add_ui(a, a, 1);
        }
    }
    mpz_clears(n, a, b2, NULL);
    return found;
}
