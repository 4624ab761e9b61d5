package com.crosswalk.acumatica.client.it;

import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the whole test class once per endpoint version the client supports — {@code Default/23.200.001} and
 * {@code Default/24.200.001} — with the version in a {@code @Parameter String version} field and in the arguments of
 * {@code @BeforeParameterizedClassInvocation} methods.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedClass(name = "Default/{0}")
@ValueSource(strings = {Emu.V23, Emu.V24})
@interface EachEndpointVersion {
}
