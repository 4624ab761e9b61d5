package com.crosswalk.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.crosswalk.IntegrationTest;
import com.crosswalk.shared.ForbiddenException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The three conditions of Unlink, in all 8 combinations, on real users in the database. */
@IntegrationTest
class UnlinkPermissionsTest {

    @Autowired
    Permissions permissions;

    @Autowired
    AccountLookup accounts;

    @Autowired
    JdbcClient jdbc;

    @ParameterizedTest(name = "commitments admin={0}, erp standard={1}, can push={2}")
    @CsvSource({"true,true,true", "true,true,false", "true,false,true", "true,false,false",
            "false,true,true", "false,true,false", "false,false,true", "false,false,false"})
    void unlinkNeedsAllThreeAndTheRefusalNamesExactlyTheMissingOnes(boolean commitmentsAdmin, boolean erpStandard,
            boolean canPush) {
        long company = jdbc.sql("select id from company where name = 'Summit Ridge Builders'").query(Long.class).single();
        long project = jdbc.sql("select id from project where company_id = :c and number = '1001'").param("c", company)
                .query(Long.class).single();
        String login = "unlink-" + UUID.randomUUID().toString().substring(0, 8);
        long userId = jdbc.sql("""
                insert into app_user (company_id, login, display_name, erp_integrations_level, can_push_to_accounting)
                values (:c, :l, 'Unlink test', :erp, :push) returning id""")
                .param("c", company).param("l", login)
                // one level below what is needed, so "missing" is about the level, not about having none
                .param("erp", erpStandard ? "standard" : "read_only").param("push", canPush)
                .query(Long.class).single();
        jdbc.sql("insert into project_permission (company_id, user_id, project_id, commitments_level) values (:c, :u, :p, :lvl)")
                .param("c", company).param("u", userId).param("p", project)
                .param("lvl", commitmentsAdmin ? "admin" : "standard").update();
        SignedInUser user = accounts.loadUserByUsername(login);

        List<String> expected = new ArrayList<>();
        if (!commitmentsAdmin) {
            expected.add("'Admin' on the project's Commitments tool");
        }
        if (!erpStandard) {
            expected.add("'Standard' or 'Admin' on the ERP Integrations tool");
        }
        if (!canPush) {
            expected.add("the 'Can Push to Accounting' privilege");
        }
        assertThat(permissions.missingToUnlink(user, project)).containsExactlyElementsOf(expected);
        assertThat(permissions.mayUnlink(user, project)).isEqualTo(expected.isEmpty());
        if (expected.isEmpty()) {
            permissions.requireUnlink(user, project);
        } else {
            assertThatThrownBy(() -> permissions.requireUnlink(user, project))
                    .isInstanceOf(ForbiddenException.class)
                    .hasMessage("You cannot unlink this record. You need " + Permissions.joinWithAnd(expected) + ".");
        }
    }
}
