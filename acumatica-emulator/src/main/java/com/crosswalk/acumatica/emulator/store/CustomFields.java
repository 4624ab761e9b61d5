package com.crosswalk.acumatica.emulator.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code $custom} parameter: fields a form shows that the endpoint does not map, named {@code <View>.<Field>}
 * (Integration Development Guide, "$custom Parameter"), returned in the entity's {@code custom} block as
 * {@code {"<View>":{"<Field>":{"type":"CustomStringField","value":...}}}}. The emulator knows the ones the project
 * needs: ChangeOrder {@code Document.ReversingRefNbr} (PM308000 "Reversing CO Nbr.": the reversing change order, or
 * {@code <LIST>} when there are several).
 */
final class CustomFields {

    /** One custom field of a form. */
    record Field(String view, String name, String type) {
        String path() { return view + "." + name; }
    }

    static final Map<String, List<Field>> KNOWN = Map.of(
            "ChangeOrder", List.of(new Field("Document", "ReversingRefNbr", "CustomStringField")));

    static final CustomFields NONE = new CustomFields(List.of());

    final List<Field> asked;

    private CustomFields(List<Field> asked) {
        this.asked = asked;
    }

    boolean isEmpty() { return asked.isEmpty(); }

    boolean asks(String view, String name) {
        for (Field f : asked) if (f.view.equals(view) && f.name.equals(name)) return true;
        return false;
    }

    /** Parses {@code $custom}; 400 for a field the form does not have (undocumented: refused, not ignored). */
    static CustomFields parse(EntityDef d, String custom) {
        if (custom == null || custom.isBlank()) return NONE;
        List<Field> out = new ArrayList<>();
        for (String part : custom.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            Field found = null;
            for (Field f : KNOWN.getOrDefault(d.name(), List.of())) {
                if (f.path().toLowerCase(Locale.ROOT).equals(p.toLowerCase(Locale.ROOT))) found = f;
            }
            if (found == null) {
                throw AcumaticaException.badRequest("The $custom parameter names '" + p + "', which is not a field of the "
                        + d.display() + " form that the emulator knows (" + known(d) + ").");
            }
            if (!out.contains(found)) out.add(found);
        }
        return new CustomFields(List.copyOf(out));
    }

    private static String known(EntityDef d) {
        List<String> names = new ArrayList<>();
        for (Field f : KNOWN.getOrDefault(d.name(), List.of())) names.add(f.path());
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
