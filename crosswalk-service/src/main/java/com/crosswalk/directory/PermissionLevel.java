package com.crosswalk.directory;

import java.util.Locale;

/** A user's level on a tool, as Procore names them. Ordered: each level includes the ones before it. */
public enum PermissionLevel {
    NONE("None"), READ_ONLY("Read Only"), STANDARD("Standard"), ADMIN("Admin");

    private final String label;

    PermissionLevel(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The value stored in the database and used in the REST API: none, read_only, standard, admin. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(PermissionLevel other) {
        return compareTo(other) >= 0;
    }

    public static PermissionLevel fromCode(String code) {
        if (code == null) {
            return NONE;
        }
        for (PermissionLevel level : values()) {
            if (level.code().equals(code) || level.label.equalsIgnoreCase(code)) {
                return level;
            }
        }
        throw new IllegalArgumentException("Unknown permission level '" + code + "'; use none, read_only, standard or admin");
    }
}
