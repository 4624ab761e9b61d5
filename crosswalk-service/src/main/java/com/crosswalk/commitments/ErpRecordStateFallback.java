package com.crosswalk.commitments;

import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Until the ERP Integrations tool provides its {@link ErpRecordState}, every record reads as never sent and unlocked,
 * so the Commitments tool works on its own. Backs off as soon as another bean implements the interface.
 */
@Configuration(proxyBeanMethods = false)
class ErpRecordStateFallback {

    @Bean
    @ConditionalOnMissingBean(ErpRecordState.class)
    ErpRecordState notSentErpRecordState() {
        return new ErpRecordState() {
            @Override
            public Optional<String> lockReason(String recordType, long recordId) {
                return Optional.empty();
            }

            @Override
            public ErpSync summary(String recordType, long recordId) {
                return ErpSync.notSent();
            }
        };
    }
}
