/* Reals in decimal, byte for byte as printf's "%.*g" and "%.*f" write
 * them, without printf's arbitrary-precision arithmetic in the common
 * case: an answer of POST /v1/score prints dozens of reals, and printf's
 * digits cost more than the scoring. Pure: no I/O, no allocation. */
#ifndef PAINGEN_CORE_NUMFMT_H
#define PAINGEN_CORE_NUMFMT_H

/* Room for any "%.*g" of up to 17 digits, and for "%.*f" of any value
 * below 10^20 with up to 6 places. */
#define NUMFMT_MAX 32

/* v as snprintf(out, NUMFMT_MAX, "%.*g", precision, v) writes it;
 * returns out. precision: 1 to 17. */
const char *numfmt_g(double v, int precision, char out[NUMFMT_MAX]);
/* v as snprintf(out, NUMFMT_MAX, "%.*f", places, v) writes it (cut as
 * snprintf cuts, should it be longer); returns out. places: 0 to 17. */
const char *numfmt_f(double v, int places, char out[NUMFMT_MAX]);

#endif
