package com.crosswalk.erp.push;

import com.crosswalk.directory.PermissionLevel;
import com.crosswalk.directory.Permissions;
import com.crosswalk.directory.SignedInUser;
import com.crosswalk.jobs.JobStart;
import com.crosswalk.jobs.Jobs;
import com.crosswalk.shared.ConflictException;
import org.springframework.stereotype.Service;

/** "Send a test notification" (ERP Integrations Admin): starts {@link PushTestJob} once push notifications are set up. */
@Service
public class PushTests {

    private final Jobs jobs;
    private final PushSetup setup;
    private final Permissions permissions;

    PushTests(Jobs jobs, PushSetup setup, Permissions permissions) {
        this.jobs = jobs;
        this.setup = setup;
        this.permissions = permissions;
    }

    /** Queues the test of the webhook at {@code webhookUrl} (the address the person was shown), or finds the one running. */
    public JobStart start(SignedInUser user, long companyId, String webhookUrl) {
        permissions.requireErpIntegrations(user, companyId, PermissionLevel.ADMIN);
        if (setup.secret(companyId).isEmpty()) {
            throw new ConflictException("Push notifications are not set up: set them up first (a secret is made for "
                    + "Acumatica's webhook), then send a test notification");
        }
        return jobs.start(user, companyId, PushTestJob.KIND, new PushTestJob.Input(webhookUrl));
    }
}
