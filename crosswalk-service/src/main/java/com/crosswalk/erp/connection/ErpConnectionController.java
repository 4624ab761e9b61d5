package com.crosswalk.erp.connection;

import com.crosswalk.directory.SignedInUser;
import com.crosswalk.erp.connection.ErpConnectionService.ConnectionBody;
import com.crosswalk.erp.connection.ErpConnectionService.ConnectionView;
import com.crosswalk.erp.connector.ConnectionCheck;
import jakarta.validation.Valid;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The company's ERP connection over REST (ERP Integrations Admin); the rules are {@link ErpConnectionService}'s.
 * Credentials are write-only.
 */
@RestController
class ErpConnectionController {

    private final ErpConnectionService connection;

    ErpConnectionController(ErpConnectionService connection) {
        this.connection = connection;
    }

    @GetMapping("/rest/v1.0/companies/{companyId}/erp/connection")
    ConnectionView get(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId) {
        return connection.get(user, companyId);
    }

    @PutMapping("/rest/v1.0/companies/{companyId}/erp/connection")
    ConnectionView put(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId,
            @Valid @RequestBody ConnectionBody b) {
        return connection.save(user, companyId, b);
    }

    /**
     * Signs in to the ERP with the saved settings. The answer says whether it worked, in plain words: never the
     * remote server's own text, and never whether the address refused or did not answer.
     */
    @PostMapping("/rest/v1.0/companies/{companyId}/erp/connection/test")
    ConnectionCheck test(@AuthenticationPrincipal SignedInUser user, @PathVariable long companyId) {
        return connection.test(user, companyId);
    }
}
