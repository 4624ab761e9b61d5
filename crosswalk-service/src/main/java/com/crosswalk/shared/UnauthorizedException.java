package com.crosswalk.shared;

/** The caller did not prove who it is (a missing or wrong credential). Nothing was changed. */
public class UnauthorizedException extends CrosswalkException {

    public UnauthorizedException(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 401;
    }
}
