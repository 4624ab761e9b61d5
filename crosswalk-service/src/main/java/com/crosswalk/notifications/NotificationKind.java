package com.crosswalk.notifications;

import java.util.Arrays;
import java.util.Optional;

/** What a person is told about, and in which words (the preferences page lists them in this order). */
public enum NotificationKind {

    READY_TO_EXPORT("ready_to_export", "Items wait for my acceptance (Ready to Export)", "accounting approvers"),
    RESENT("resent", "A rejected item was sent again", "accounting approvers"),
    REJECTED("rejected", "An item I sent was rejected", "the person who sent it"),
    FAILED("failed", "An item I sent failed to export", "the person who sent it");

    private final String value;
    private final String label;
    private final String audience;

    NotificationKind(String value, String label, String audience) {
        this.value = value;
        this.label = label;
        this.audience = audience;
    }

    public String value() {
        return value;
    }

    public String label() {
        return label;
    }

    public String audience() {
        return audience;
    }

    public static Optional<NotificationKind> of(String value) {
        return Arrays.stream(values()).filter(k -> k.value.equals(value)).findFirst();
    }
}
