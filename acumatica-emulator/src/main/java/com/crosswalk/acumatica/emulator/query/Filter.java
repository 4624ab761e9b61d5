package com.crosswalk.acumatica.emulator.query;

import com.crosswalk.acumatica.emulator.store.AcumaticaException;
import com.crosswalk.acumatica.emulator.store.EntityType;
import com.crosswalk.acumatica.emulator.store.EntityType.Prop;
import com.crosswalk.acumatica.emulator.store.JsonCodec;
import com.crosswalk.acumatica.emulator.store.Rec;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * OData v3 {@code $filter} as Acumatica's contract API accepts it, by recursive descent:
 * <pre>
 * expr    := and ('or' and)*
 * and     := unary ('and' unary)*
 * unary   := 'not' unary | '(' expr ')' | call | operand cmp operand
 * cmp     := eq | ne | gt | ge | lt | le
 * operand := Field | 'text' | 123.45 | true | false | null | datetimeoffset'..' | datetime'..' | date'..' | guid'..'
 * call    := substringof('x', Field) | startswith(Field, 'x') | endswith(Field, 'x')   [optionally "eq true"]
 * </pre>
 * Fields of the entity and, through {@code Linked/Field} paths, of its linked entities ({@code $filter} Parameter:
 * "Condition on a Linked Entity", e.g. {@code MainContact/Email eq 'demo@gmail.com'}); a path through a detail
 * entity is refused with 400 (the documentation: "does not support filtering on detail records ... the results
 * cannot be predicted"). String comparison is case-insensitive, as on Acumatica's SQL Server collation.
 */
public final class Filter {
    private final List<String> toks;
    private final EntityType type;
    private int pos;

    private Filter(List<String> toks, EntityType type) {
        this.toks = toks;
        this.type = type;
    }

    public static Predicate<Rec> parse(String text, EntityType type) {
        if (text == null || text.isBlank()) return r -> true;
        Filter f = new Filter(tokenize(text), type);
        Predicate<Rec> p = f.expr();
        if (f.pos != f.toks.size()) throw error("unexpected '" + f.toks.get(f.pos) + "'", text);
        return p;
    }

    private static AcumaticaException error(String what, String text) {
        return AcumaticaException.badRequest("The $filter expression is invalid: " + what + " in \"" + text + "\".");
    }

    // ---- tokenizer
    static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                out.add(String.valueOf(c));
                i++;
            } else if (c == '\'') {
                int j = readQuoted(s, i);
                out.add(s.substring(i, j));
                i = j;
            } else {
                int j = i;
                while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "(),'".indexOf(s.charAt(j)) < 0) j++;
                if (j < s.length() && s.charAt(j) == '\'' && j > i) { // prefixed literal: datetimeoffset'...'
                    int k = readQuoted(s, j);
                    out.add(s.substring(i, k));
                    i = k;
                } else {
                    if (j == i) throw error("unexpected character '" + c + "'", s);
                    out.add(s.substring(i, j));
                    i = j;
                }
            }
        }
        return out;
    }

    private static int readQuoted(String s, int start) {
        int j = start + 1;
        while (true) {
            if (j >= s.length()) throw error("unterminated string literal", s);
            if (s.charAt(j) == '\'') {
                if (j + 1 < s.length() && s.charAt(j + 1) == '\'') {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
    }

    // ---- parser
    private String peek() { return pos < toks.size() ? toks.get(pos) : null; }

    private String next() {
        if (pos >= toks.size()) throw error("unexpected end", String.join(" ", toks));
        return toks.get(pos++);
    }

    private boolean acceptWord(String w) {
        String t = peek();
        if (t != null && t.equalsIgnoreCase(w)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String t) {
        String n = next();
        if (!n.equals(t)) throw error("expected '" + t + "' but found '" + n + "'", String.join(" ", toks));
    }

    private Predicate<Rec> expr() {
        Predicate<Rec> left = and();
        while (acceptWord("or")) left = left.or(and());
        return left;
    }

    private Predicate<Rec> and() {
        Predicate<Rec> left = unary();
        while (acceptWord("and")) left = left.and(unary());
        return left;
    }

    private Predicate<Rec> unary() {
        if (acceptWord("not")) return unary().negate();
        if ("(".equals(peek())) {
            pos++;
            Predicate<Rec> p = expr();
            expect(")");
            return p;
        }
        String t = peek();
        if (t != null && pos + 1 < toks.size() && toks.get(pos + 1).equals("(")) {
            Predicate<Rec> call = call();
            String op = peek();
            if (op != null && isCmp(op)) { // e.g. substringof('x', Field) eq true
                pos++;
                Object lit = literal(next());
                boolean want = Boolean.TRUE.equals(lit);
                boolean eq = op.equalsIgnoreCase("eq");
                return r -> call.test(r) == (eq == want);
            }
            return call;
        }
        Operand l = operand();
        String op = next().toLowerCase(Locale.ROOT);
        if (!isCmp(op)) throw error("expected a comparison operator but found '" + op + "'", String.join(" ", toks));
        Operand r = operand();
        return rec -> compare(l, r, op, rec);
    }

    private static boolean isCmp(String op) {
        return switch (op.toLowerCase(Locale.ROOT)) {
            case "eq", "ne", "gt", "ge", "lt", "le" -> true;
            default -> false;
        };
    }

    private Predicate<Rec> call() {
        String fn = next().toLowerCase(Locale.ROOT);
        expect("(");
        Operand a = operand();
        expect(",");
        Operand b = operand();
        expect(")");
        return switch (fn) {
            case "substringof" -> r -> contains(b.value(r), a.value(r));
            case "startswith" -> r -> {
                String x = str(a.value(r));
                String y = str(b.value(r));
                return x != null && y != null && x.toLowerCase(Locale.ROOT).startsWith(y.toLowerCase(Locale.ROOT));
            };
            case "endswith" -> r -> {
                String x = str(a.value(r));
                String y = str(b.value(r));
                return x != null && y != null && x.toLowerCase(Locale.ROOT).endsWith(y.toLowerCase(Locale.ROOT));
            };
            default -> throw error("unsupported function " + fn, String.join(" ", toks));
        };
    }

    private static boolean contains(Object hay, Object needle) {
        String h = str(hay);
        String n = str(needle);
        return h != null && n != null && h.toLowerCase(Locale.ROOT).contains(n.toLowerCase(Locale.ROOT));
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    interface Operand {
        Object value(Rec r);

        default Prop prop() { return null; }
    }

    private Operand operand() {
        String t = next();
        if (t.startsWith("'") || t.contains("'") || Character.isDigit(t.charAt(0)) || t.startsWith("-")
                || t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false") || t.equalsIgnoreCase("null")) {
            Object lit = literal(t);
            return r -> lit;
        }
        if (t.contains("/")) return linkedOperand(t);
        Prop p = type.propIgnoreCase(t);
        if (p == null || !p.isValue()) throw error("unknown field '" + t + "' of " + type.schema(), String.join(" ", toks));
        int idx = p.index();
        return new Operand() {
            public Object value(Rec r) { return r.v[idx]; }

            public Prop prop() { return p; }
        };
    }

    /** {@code Linked/Field} (or deeper): the value of a field of a linked entity, null when it is absent. */
    private Operand linkedOperand(String path) {
        String[] parts = path.split("/");
        EntityType t = type;
        List<Prop> chain = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            Prop p = t.propIgnoreCase(parts[i].trim());
            if (p == null) throw error("unknown field '" + parts[i] + "' of " + t.schema(), String.join(" ", toks));
            if (p.detail()) {
                throw error("filtering on the detail entity '" + p.name() + "' is not supported (Acumatica: the results cannot be predicted)",
                        String.join(" ", toks));
            }
            boolean last = i == parts.length - 1;
            if (last != p.isValue()) {
                throw error("'" + path + "' must name a field of a linked entity", String.join(" ", toks));
            }
            chain.add(p);
            if (!last) t = EntityType.of(p.refSchema());
        }
        Prop leaf = chain.get(chain.size() - 1);
        int first = chain.get(0).index();
        return new Operand() {
            public Object value(Rec r) {
                Object linked = r.v[first];
                if (!(linked instanceof JsonNode node)) return null;
                for (int i = 1; i < chain.size() - 1; i++) node = node.path(chain.get(i).name());
                try {
                    Object v = JsonCodec.parse(leaf, node.get(leaf.name()));
                    return v == JsonCodec.NO_VALUE ? null : v;
                } catch (JsonCodec.BadValue e) {
                    return null;
                }
            }

            public Prop prop() { return leaf; }
        };
    }

    private Object literal(String t) {
        if (t.startsWith("'")) return t.substring(1, t.length() - 1).replace("''", "'");
        int q = t.indexOf('\'');
        if (q > 0) {
            String prefix = t.substring(0, q).toLowerCase(Locale.ROOT);
            String body = t.substring(q + 1, t.length() - 1);
            return switch (prefix) {
                case "datetimeoffset", "datetime", "date" -> {
                    String n = JsonCodec.normalizeDateTime(body);
                    if (n == null) throw error("bad " + prefix + " literal '" + body + "'", String.join(" ", toks));
                    yield OffsetDateTime.parse(n);
                }
                case "guid" -> body;
                default -> throw error("unknown literal prefix " + prefix, String.join(" ", toks));
            };
        }
        if (t.equalsIgnoreCase("true")) return Boolean.TRUE;
        if (t.equalsIgnoreCase("false")) return Boolean.FALSE;
        if (t.equalsIgnoreCase("null")) return null;
        try {
            String n = t.endsWith("m") || t.endsWith("M") || t.endsWith("d") || t.endsWith("L") ? t.substring(0, t.length() - 1) : t;
            return new BigDecimal(n);
        } catch (NumberFormatException e) {
            throw error("bad literal '" + t + "'", String.join(" ", toks));
        }
    }

    private static boolean compare(Operand lo, Operand ro, String op, Rec r) {
        Object a = lo.value(r);
        Object b = ro.value(r);
        if (a == null || b == null) {
            boolean bothNull = a == null && b == null;
            // Acumatica treats an empty string field like null
            if (!bothNull && (isEmptyString(a) || isEmptyString(b))) bothNull = true;
            return switch (op) {
                case "eq" -> bothNull;
                case "ne" -> !bothNull;
                default -> false;
            };
        }
        int c = cmp(a, b);
        return switch (op) {
            case "eq" -> c == 0;
            case "ne" -> c != 0;
            case "gt" -> c > 0;
            case "ge" -> c >= 0;
            case "lt" -> c < 0;
            default -> c <= 0;
        };
    }

    private static boolean isEmptyString(Object o) {
        return o instanceof String s && s.isEmpty();
    }

    private static int cmp(Object a, Object b) {
        if (a instanceof Number || b instanceof Number) {
            return toDec(a).compareTo(toDec(b));
        }
        if (a instanceof OffsetDateTime || b instanceof OffsetDateTime) {
            return toDate(a).toInstant().compareTo(toDate(b).toInstant());
        }
        if (a instanceof Boolean || b instanceof Boolean) {
            return Boolean.compare(Boolean.parseBoolean(a.toString()), Boolean.parseBoolean(b.toString()));
        }
        return a.toString().trim().compareToIgnoreCase(b.toString().trim());
    }

    private static BigDecimal toDec(Object o) {
        if (o instanceof BigDecimal d) return d;
        if (o instanceof Number n) return BigDecimal.valueOf(n.longValue());
        try {
            return new BigDecimal(o.toString().trim());
        } catch (NumberFormatException e) {
            throw AcumaticaException.badRequest("The $filter expression compares a number with '" + o + "'.");
        }
    }

    private static OffsetDateTime toDate(Object o) {
        if (o instanceof OffsetDateTime d) return d;
        String n = JsonCodec.normalizeDateTime(o.toString());
        if (n == null) throw AcumaticaException.badRequest("The $filter expression compares a date with '" + o + "'.");
        return OffsetDateTime.parse(n);
    }
}
