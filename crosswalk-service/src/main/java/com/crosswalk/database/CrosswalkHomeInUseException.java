package com.crosswalk.database;

import java.nio.file.Path;

/** Another live Crosswalk holds this {@code crosswalk.home} (and so its embedded database). */
public class CrosswalkHomeInUseException extends IllegalStateException {

    private final Path home;

    CrosswalkHomeInUseException(Path home, String owner) {
        super("Another Crosswalk" + (owner == null || owner.isBlank() ? "" : " (pid " + owner + ")")
                + " is running on " + home + ": stop it first, or set CROSSWALK_HOME to another folder");
        this.home = home;
    }

    public Path home() {
        return home;
    }
}
