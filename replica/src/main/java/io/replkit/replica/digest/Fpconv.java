package io.replkit.replica.digest;

import java.math.BigInteger;

/**
 * How Redis 7.2 and later print a double in DEBUG DIGEST (and in replies): {@code fpconv_dtoa},
 * Florian Loitsch's Grisu2 with its own layout rules. Grisu2 output always reads back as the same
 * double but is not always the shortest such string, so Java's {@code Double.toString} cannot
 * stand in for it: this follows the algorithm step for step, with the same cached powers of ten
 * (computed here rather than tabulated), the same rounding of the 64-bit products, the same
 * digit generation and the same choice between plain and scientific notation.
 */
public final class Fpconv {
    private static final long FRAC_MASK = 0x000F_FFFF_FFFF_FFFFL;
    private static final long EXP_MASK = 0x7FF0_0000_0000_0000L;
    private static final long HIDDEN_BIT = 0x0010_0000_0000_0000L;
    private static final int EXP_BIAS = 1023 + 52;

    /** Cached powers 10^k for k = FIRST_POWER, FIRST_POWER + STEP, ...: the scaled product lands in [ALPHA, GAMMA]. */
    private static final int POWERS = 87;
    private static final int FIRST_POWER = -348;
    private static final int STEP = 8;
    private static final int ALPHA = -60;
    private static final int GAMMA = -32;
    private static final long[] POWER_FRAC = new long[POWERS];
    private static final int[] POWER_EXP = new int[POWERS];

    private static final long[] TENS = new long[20]; // 10^19 .. 10^0

    static {
        for (int i = 0; i < POWERS; i++) {
            cachePower(i, FIRST_POWER + i * STEP);
        }
        long t = 1;
        for (int i = 19; i >= 0; i--) {
            TENS[i] = t;
            t *= 10;
        }
    }

    private Fpconv() {
    }

    /** 10^k as a 64-bit significand with its top bit set, rounded to nearest, and a binary exponent. */
    private static void cachePower(int i, int k) {
        BigInteger num = k >= 0 ? BigInteger.TEN.pow(k) : BigInteger.ONE;
        BigInteger den = k >= 0 ? BigInteger.ONE : BigInteger.TEN.pow(-k);
        int e = num.bitLength() - den.bitLength() - 64;
        BigInteger[] qr;
        while (true) {
            BigInteger n = e < 0 ? num.shiftLeft(-e) : num;
            BigInteger d = e > 0 ? den.shiftLeft(e) : den;
            qr = n.divideAndRemainder(d);
            if (qr[0].bitLength() > 64) {
                e++;
            } else if (qr[0].bitLength() < 64) {
                e--;
            } else {
                if (qr[1].shiftLeft(1).compareTo(d) >= 0) {
                    qr[0] = qr[0].add(BigInteger.ONE);
                }
                break;
            }
        }
        if (qr[0].bitLength() > 64) { // rounding carried out: 2^64 becomes 2^63 * 2
            qr[0] = qr[0].shiftRight(1);
            e++;
        }
        POWER_FRAC[i] = qr[0].longValue();
        POWER_EXP[i] = e;
    }

    /** {@code fpconv_dtoa(d, buf)} as a string. */
    public static String dtoa(double d) {
        long bits = Double.doubleToRawLongBits(d);
        StringBuilder out = new StringBuilder(24);
        boolean negative = bits < 0;
        if (negative) {
            out.append('-');
        }
        if (d == 0) {
            return out.append('0').toString();
        }
        if ((bits & EXP_MASK) == EXP_MASK) {
            return out.append((bits & FRAC_MASK) != 0 ? "nan" : "inf").toString();
        }
        byte[] digits = new byte[18];
        int[] decimalExponent = new int[1];
        int n = grisu2(bits, digits, decimalExponent);
        emitDigits(digits, n, decimalExponent[0], negative, out);
        return out.toString();
    }

    /** Round half up of the 128-bit product's high 64 bits (the C code's 32-bit partial products give the same). */
    private static long multiplyFrac(long a, long b) {
        long hi = Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
        long lo = a * b;
        return hi + (lo >>> 63);
    }

    private static int grisu2(long bits, byte[] digits, int[] decimalExponent) {
        long frac = bits & FRAC_MASK;
        int exp = (int) ((bits & EXP_MASK) >>> 52);
        if (exp != 0) {
            frac += HIDDEN_BIT;
            exp -= EXP_BIAS;
        } else {
            exp = -EXP_BIAS + 1;
        }
        // the boundaries halfway to the neighbouring doubles, on a common exponent
        long upper = (frac << 1) + 1;
        int upperExp = exp - 1;
        while ((upper & (HIDDEN_BIT << 1)) == 0) {
            upper <<= 1;
            upperExp--;
        }
        upper <<= 10;
        upperExp -= 10;
        int lowerShift = frac == HIDDEN_BIT ? 2 : 1; // a power of two has a closer lower neighbour
        long lower = (frac << lowerShift) - 1;
        int lowerExp = exp - lowerShift;
        lower <<= lowerExp - upperExp;

        long w = frac;
        int wExp = exp;
        while ((w & HIDDEN_BIT) == 0) {
            w <<= 1;
            wExp--;
        }
        w <<= 11;
        wExp -= 11;

        int approx = (int) (-(upperExp + POWERS) * 0.30102999566398114);
        int idx = (approx - FIRST_POWER) / STEP;
        while (true) {
            int scaled = upperExp + POWER_EXP[idx] + 64;
            if (scaled < ALPHA) {
                idx++;
            } else if (scaled > GAMMA) {
                idx--;
            } else {
                break;
            }
        }
        long cp = POWER_FRAC[idx];
        int productExp = upperExp + POWER_EXP[idx] + 64;
        w = multiplyFrac(w, cp);
        upper = multiplyFrac(upper, cp) - 1;
        lower = multiplyFrac(lower, cp) + 1;
        decimalExponent[0] = -(FIRST_POWER + idx * STEP);
        return generateDigits(w, upper, lower, productExp, digits, decimalExponent);
    }

    private static int generateDigits(long w, long upper, long lower, int exp, byte[] digits, int[] decimalExponent) {
        long wfrac = upper - w;
        long delta = upper - lower;
        int shift = -exp;
        long one = 1L << shift;
        long integral = upper >>> shift;
        long fraction = upper & (one - 1);
        int n = 0;
        int kappa = 10;
        for (int t = 10; kappa > 0; t++) {
            long div = TENS[t];
            long digit = integral / div;
            if (digit != 0 || n != 0) {
                digits[n++] = (byte) ('0' + digit);
            }
            integral -= digit * div;
            kappa--;
            long rest = (integral << shift) + fraction;
            if (Long.compareUnsigned(rest, delta) <= 0) {
                decimalExponent[0] += kappa;
                roundDigit(digits, n, delta, rest, div << shift, wfrac);
                return n;
            }
        }
        int unit = 18;
        while (true) {
            fraction *= 10;
            delta *= 10;
            kappa--;
            long digit = fraction >>> shift;
            if (digit != 0 || n != 0) {
                digits[n++] = (byte) ('0' + digit);
            }
            fraction &= one - 1;
            if (Long.compareUnsigned(fraction, delta) < 0) {
                decimalExponent[0] += kappa;
                roundDigit(digits, n, delta, fraction, one, wfrac * TENS[unit]);
                return n;
            }
            unit--;
        }
    }

    /** Moves the last digit down while that brings the number closer to w and stays within the bounds (unsigned). */
    private static void roundDigit(byte[] digits, int n, long delta, long rem, long kappa, long frac) {
        while (Long.compareUnsigned(rem, frac) < 0 && Long.compareUnsigned(delta - rem, kappa) >= 0
                && (Long.compareUnsigned(rem + kappa, frac) < 0
                    || Long.compareUnsigned(frac - rem, rem + kappa - frac) > 0)) {
            digits[n - 1]--;
            rem += kappa;
        }
    }

    /** Plain integer, plain decimal, or d.ddde±x with an unpadded exponent, as fpconv lays them out. */
    private static void emitDigits(byte[] digits, int n, int k, boolean negative, StringBuilder out) {
        int exp = Math.abs(k + n - 1);
        if (k >= 0 && exp < n + 7) {
            appendDigits(out, digits, 0, n);
            out.append("0".repeat(k));
            return;
        }
        if (k < 0 && (k > -7 || exp < 4)) {
            int offset = n - Math.abs(k);
            if (offset <= 0) {
                out.append("0.").append("0".repeat(-offset));
                appendDigits(out, digits, 0, n);
            } else {
                appendDigits(out, digits, 0, offset);
                out.append('.');
                appendDigits(out, digits, offset, n);
            }
            return;
        }
        n = Math.min(n, 18 - (negative ? 1 : 0));
        out.append((char) digits[0]);
        if (n > 1) {
            out.append('.');
            appendDigits(out, digits, 1, n);
        }
        out.append('e').append(k + n - 1 < 0 ? '-' : '+');
        int cent = 0;
        if (exp > 99) {
            cent = exp / 100;
            out.append((char) ('0' + cent));
            exp -= cent * 100;
        }
        if (exp > 9) {
            int dec = exp / 10;
            out.append((char) ('0' + dec));
            exp -= dec * 10;
        } else if (cent != 0) {
            out.append('0');
        }
        out.append((char) ('0' + exp % 10));
    }

    private static void appendDigits(StringBuilder out, byte[] digits, int from, int to) {
        for (int i = from; i < to; i++) {
            out.append((char) digits[i]);
        }
    }
}
