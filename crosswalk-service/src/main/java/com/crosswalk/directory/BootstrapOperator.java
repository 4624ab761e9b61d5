package com.crosswalk.directory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Outside the demo, the first platform operator comes from configuration ({@code crosswalk.bootstrap-operator.login}
 * and {@code .password}), made only when no operator exists yet — or from {@code ./crosswalk create-operator}.
 */
@Component
class BootstrapOperator implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(BootstrapOperator.class);
    private final DirectoryService directory;
    private final String login;
    private final String password;

    BootstrapOperator(DirectoryService directory, @Value("${crosswalk.bootstrap-operator.login:}") String login,
            @Value("${crosswalk.bootstrap-operator.password:}") String password) {
        this.directory = directory;
        this.login = login;
        this.password = password;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!StringUtils.hasText(login) || directory.anyOperator()) {
            return;
        }
        if (password == null || password.length() < 8) {
            throw new IllegalStateException("crosswalk.bootstrap-operator.password must be at least 8 characters");
        }
        directory.createOperator(login.trim(), password, "bootstrap configuration");
        log.info("Created the first platform operator '{}' from crosswalk.bootstrap-operator", login.trim());
    }
}
