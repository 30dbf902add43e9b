package io.replkit.replica.server;

import io.replkit.replica.data.ZSetObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Geo reads over sorted sets whose scores are 52-bit interleaved geohashes: GEOPOS GEODIST GEOHASH
 * GEOSEARCH GEORADIUS_RO GEORADIUSBYMEMBER_RO. Decoding, distances and the GEOHASH re-encoding follow {@code geohash.c} and
 * {@code geohash_helper.c}; GEOSEARCH checks every member against the shape (Redis looks only in
 * the geohash boxes around the centre, which hold every member the shape can contain).
 */
final class GeoCommands {
    private GeoCommands() {
    }

    static final double LAT_MIN = -85.05112878;
    static final double LAT_MAX = 85.05112878;
    static final double LON_MIN = -180;
    static final double LON_MAX = 180;
    static final int STEP = 26;
    static final double EARTH_RADIUS_IN_METERS = 6372797.560856;
    private static final double D_R = Math.PI / 180.0;
    private static final String ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz";

    static void register(CommandTable t) {
        t.read("geopos", -2, 1, 1, 1, GeoCommands::geopos);
        t.read("geodist", -4, 1, 1, 1, GeoCommands::geodist);
        t.read("geohash", -2, 1, 1, 1, GeoCommands::geohash);
        t.read("geosearch", -7, 1, 1, 1, r -> search(r, Search.GEOSEARCH));
        t.read("georadius_ro", -6, 1, 1, 1, r -> search(r, Search.RADIUS_COORDS));
        t.read("georadiusbymember_ro", -5, 1, 1, 1, r -> search(r, Search.RADIUS_MEMBER));
    }

    /** {@code geohashDecodeToLongLatWGS84}: the centre of the score's cell, clamped to the limits. */
    static double[] decode(double score) {
        long bits = (long) score;
        long lat = squash(bits);
        long lon = squash(bits >>> 1);
        double latScale = LAT_MAX - LAT_MIN;
        double lonScale = LON_MAX - LON_MIN;
        double latMin = LAT_MIN + (lat * 1.0 / (1L << STEP)) * latScale;
        double latMax = LAT_MIN + ((lat + 1) * 1.0 / (1L << STEP)) * latScale;
        double lonMin = LON_MIN + (lon * 1.0 / (1L << STEP)) * lonScale;
        double lonMax = LON_MIN + ((lon + 1) * 1.0 / (1L << STEP)) * lonScale;
        double x = Math.max(LON_MIN, Math.min(LON_MAX, (lonMin + lonMax) / 2));
        double y = Math.max(LAT_MIN, Math.min(LAT_MAX, (latMin + latMax) / 2));
        return new double[] {x, y};
    }

    /** The even bits of {@code v}, packed ({@code deinterleave64}'s half). */
    private static long squash(long v) {
        long x = v & 0x5555555555555555L;
        x = (x | (x >>> 1)) & 0x3333333333333333L;
        x = (x | (x >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x >>> 4)) & 0x00FF00FF00FF00FFL;
        x = (x | (x >>> 8)) & 0x0000FFFF0000FFFFL;
        x = (x | (x >>> 16)) & 0x00000000FFFFFFFFL;
        return x;
    }

    /** {@code interleave64}: x's bits at even positions, y's at odd ones. */
    private static long interleave(long x, long y) {
        return spread(x) | (spread(y) << 1);
    }

    private static long spread(long v) {
        v &= 0xFFFFFFFFL;
        v = (v | (v << 16)) & 0x0000FFFF0000FFFFL;
        v = (v | (v << 8)) & 0x00FF00FF00FF00FFL;
        v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v << 2)) & 0x3333333333333333L;
        v = (v | (v << 1)) & 0x5555555555555555L;
        return v;
    }

    static double latDistance(double lat1, double lat2) {
        return EARTH_RADIUS_IN_METERS * Math.abs(lat2 * D_R - lat1 * D_R);
    }

    /** {@code geohashGetDistance} (haversine on Redis's earth radius). */
    static double distance(double lon1, double lat1, double lon2, double lat2) {
        double lon1r = lon1 * D_R;
        double lon2r = lon2 * D_R;
        double v = Math.sin((lon2r - lon1r) / 2);
        if (v == 0.0) {
            return latDistance(lat1, lat2);
        }
        double lat1r = lat1 * D_R;
        double lat2r = lat2 * D_R;
        double u = Math.sin((lat2r - lat1r) / 2);
        double a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
        return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
    }

    private static void position(Reply o, double[] xy) {
        o.array(2);
        o.humanDouble(RedisDoubles.human(xy[0]));
        o.humanDouble(RedisDoubles.human(xy[1]));
    }

    private static void geopos(Request r) {
        ZSetObject z = r.lookup(r.arg(1), ZSetObject.class);
        r.reply.array(r.argc() - 2);
        for (int i = 2; i < r.argc(); i++) {
            Double s = z == null ? null : z.score(r.arg(i));
            if (s == null) {
                r.reply.nullArray();
            } else {
                position(r.reply, decode(s));
            }
        }
    }

    /** {@code extractUnitOrReply}: meters per unit. */
    static double unit(Request r, int i) {
        return switch (r.argString(i).toLowerCase(Locale.ROOT)) {
            case "m" -> 1;
            case "km" -> 1000;
            case "ft" -> 0.3048;
            case "mi" -> 1609.34;
            default -> throw new ReplyError("ERR unsupported unit provided. please use M, KM, FT, MI");
        };
    }

    /** {@code fixedpoint_d2string(d, 4)}: the double times 10^4 rounded half-even to an integer, then 4 decimals. */
    static String distanceText(double d) {
        long v = (long) Math.rint(d * 10000.0);
        if (v == 0) {
            return "0.0000";
        }
        String digits = Long.toString(Math.abs(v));
        if (digits.length() < 5) {
            digits = "0".repeat(5 - digits.length()) + digits;
        }
        int point = digits.length() - 4;
        return (v < 0 ? "-" : "") + digits.substring(0, point) + "." + digits.substring(point);
    }

    private static void geodist(Request r) {
        double toMeter = 1;
        if (r.argc() == 5) {
            toMeter = unit(r, 4);
        } else if (r.argc() > 5) {
            throw ReplyError.syntax();
        }
        ZSetObject z = r.lookup(r.arg(1), ZSetObject.class);
        Double a = z == null ? null : z.score(r.arg(2));
        Double b = z == null ? null : z.score(r.arg(3));
        if (a == null || b == null) {
            r.reply.nullBulk();
            return;
        }
        double[] p = decode(a);
        double[] q = decode(b);
        r.reply.bulk(distanceText(distance(p[0], p[1], q[0], q[1]) / toMeter));
    }

    private static void geohash(Request r) {
        ZSetObject z = r.lookup(r.arg(1), ZSetObject.class);
        r.reply.array(r.argc() - 2);
        for (int i = 2; i < r.argc(); i++) {
            Double s = z == null ? null : z.score(r.arg(i));
            if (s == null) {
                r.reply.nullBulk();
                continue;
            }
            double[] xy = decode(s);
            if (xy[0] > LON_MAX || xy[0] < LON_MIN || xy[1] > LAT_MAX || xy[1] < LAT_MIN) {
                r.reply.nullBulk();
                continue;
            }
            double latOffset = (xy[1] - -90) / (90 - -90) * (1L << STEP);
            double lonOffset = (xy[0] - -180) / (180 - -180) * (1L << STEP);
            long bits = interleave((long) latOffset, (long) lonOffset);
            char[] buf = new char[11];
            for (int j = 0; j < 11; j++) {
                int idx = j == 10 ? 0 : (int) ((bits >>> (52 - ((j + 1) * 5))) & 0x1f);
                buf[j] = ALPHABET.charAt(idx);
            }
            r.reply.bulk(new String(buf).getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A member found by GEOSEARCH. */
    private record Hit(byte[] member, double dist, double score, double[] xy) {
    }

    /** Which command {@link #search} runs, as {@code georadiusGeneric}'s flags tell it. */
    private enum Search { RADIUS_COORDS, RADIUS_MEMBER, GEOSEARCH }

    /**
     * {@code georadiusGeneric} for the commands that only read: GEORADIUS_RO,
     * GEORADIUSBYMEMBER_RO and GEOSEARCH. The key is looked up first (WRONGTYPE before any
     * argument error), then the fixed arguments, then the options from left to right.
     */
    private static void search(Request r, Search kind) {
        ZSetObject z = r.lookup(r.arg(1), ZSetObject.class);
        double[] center = null;
        double radius = -1;
        double width = -1;
        double height = -1;
        double toMeter = 1;
        boolean byRadius = false;
        boolean byBox = false;
        int base;
        if (kind == Search.RADIUS_COORDS) {
            base = 6;
            center = lonLat(r, 2);
            radius = radius(r, 4);
            toMeter = unit(r, 5);
            byRadius = true;
        } else if (kind == Search.RADIUS_MEMBER) {
            base = 5;
            if (z != null) {
                center = memberPosition(z, r.arg(2));
                radius = radius(r, 3);
                toMeter = unit(r, 4);
            }
            byRadius = true;
        } else {
            base = 2;
        }
        boolean fromMember = false;
        boolean fromLonLat = false;
        int sort = 0; // 0 none, 1 asc, -1 desc
        long count = 0;
        boolean any = false;
        boolean withDist = false;
        boolean withHash = false;
        boolean withCoord = false;
        boolean geosearch = kind == Search.GEOSEARCH;
        for (int i = base; i < r.argc(); i++) {
            int more = r.argc() - i - 1;
            if (r.argIs(i, "WITHDIST")) {
                withDist = true;
            } else if (r.argIs(i, "WITHHASH")) {
                withHash = true;
            } else if (r.argIs(i, "WITHCOORD")) {
                withCoord = true;
            } else if (r.argIs(i, "ANY")) {
                any = true;
            } else if (r.argIs(i, "ASC")) {
                sort = 1;
            } else if (r.argIs(i, "DESC")) {
                sort = -1;
            } else if (r.argIs(i, "COUNT") && more >= 1) {
                count = r.argLong(i + 1);
                if (count <= 0) {
                    throw new ReplyError("ERR COUNT must be > 0");
                }
                i++;
            } else if (geosearch && r.argIs(i, "FROMMEMBER") && more >= 1 && !fromLonLat) {
                if (z != null) {
                    center = memberPosition(z, r.arg(i + 1));
                }
                fromMember = true;
                i++;
            } else if (geosearch && r.argIs(i, "FROMLONLAT") && more >= 2 && !fromMember) {
                center = lonLat(r, i + 1);
                fromLonLat = true;
                i += 2;
            } else if (geosearch && r.argIs(i, "BYRADIUS") && more >= 2 && !byBox) {
                radius = radius(r, i + 1);
                toMeter = unit(r, i + 2);
                byRadius = true;
                i += 2;
            } else if (geosearch && r.argIs(i, "BYBOX") && more >= 3 && !byRadius) {
                width = RedisNumbers.parseDouble(r.arg(i + 1), "ERR need numeric width");
                height = RedisNumbers.parseDouble(r.arg(i + 2), "ERR need numeric height");
                if (width < 0 || height < 0) {
                    throw new ReplyError("ERR height or width cannot be negative");
                }
                toMeter = unit(r, i + 3);
                byBox = true;
                i += 3;
            } else {
                throw ReplyError.syntax();
            }
        }
        if (geosearch && !fromMember && !fromLonLat) {
            throw new ReplyError("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + r.argString(0));
        }
        if (geosearch && !byRadius && !byBox) {
            throw new ReplyError("ERR exactly one of BYRADIUS and BYBOX can be specified for " + r.argString(0));
        }
        if (any && count == 0) {
            throw new ReplyError("ERR the ANY argument requires COUNT argument");
        }
        if (z == null) {
            r.reply.array(0);
            return;
        }
        if (count > 0 && sort == 0 && !any) {
            sort = 1;
        }
        List<Hit> hits = new ArrayList<>();
        double r0 = radius * toMeter;
        double w = width * toMeter;
        double h = height * toMeter;
        boolean box = byBox;
        double[] c = center;
        z.forEachInOrder((m, s) -> {
            double[] xy = decode(s);
            double d;
            if (box) {
                if (latDistance(xy[1], c[1]) > h / 2 || distance(xy[0], xy[1], c[0], xy[1]) > w / 2) {
                    return;
                }
                d = distance(c[0], c[1], xy[0], xy[1]);
            } else {
                d = distance(c[0], c[1], xy[0], xy[1]);
                if (d > r0) {
                    return;
                }
            }
            hits.add(new Hit(m, d, s, xy));
        });
        if (sort != 0) {
            Comparator<Hit> cmp = Comparator.comparingDouble(Hit::dist);
            hits.sort(sort > 0 ? cmp : cmp.reversed());
        }
        List<Hit> out = count > 0 && hits.size() > count ? hits.subList(0, (int) count) : hits;
        int extras = (withDist ? 1 : 0) + (withHash ? 1 : 0) + (withCoord ? 1 : 0);
        r.reply.array(out.size());
        for (Hit hit : out) {
            if (extras > 0) {
                r.reply.array(extras + 1);
            }
            r.reply.bulk(hit.member());
            if (withDist) {
                r.reply.bulk(distanceText(hit.dist() / toMeter));
            }
            if (withHash) {
                r.reply.integer((long) hit.score());
            }
            if (withCoord) {
                position(r.reply, hit.xy());
            }
        }
    }

    /** {@code extractLongLatOrReply}. */
    private static double[] lonLat(Request r, int i) {
        double lon = r.argDouble(i);
        double lat = r.argDouble(i + 1);
        if (lon < LON_MIN || lon > LON_MAX || lat < LAT_MIN || lat > LAT_MAX) {
            throw new ReplyError(String.format(Locale.ROOT, "ERR invalid longitude,latitude pair %f,%f", lon, lat));
        }
        return new double[] {lon, lat};
    }

    /** The radius half of {@code extractDistanceOrReply} (the unit follows it). */
    private static double radius(Request r, int i) {
        double d = RedisNumbers.parseDouble(r.arg(i), "ERR need numeric radius");
        if (d < 0) {
            throw new ReplyError("ERR radius cannot be negative");
        }
        return d;
    }

    /** {@code longLatFromMember}. */
    private static double[] memberPosition(ZSetObject z, byte[] member) {
        Double s = z.score(member);
        if (s == null) {
            throw new ReplyError("ERR could not decode requested zset member");
        }
        return decode(s);
    }
}
