/* BR 6.3.2: maximum validity of subscriber certificates, the schedule of
 * ballot SC-081.  One rule per step so that each is counted on its own;
 * the limits and dates live in tls_validity_schedule (tls_common.c) and
 * each rule's window equals its step (checked by the tests). */
#include "tls_common.h"

CS_RULE(tls_validity_over_398_days) = {
    .id = "tls_validity_over_398_days", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 6.3.2", .effective = "2020-09-01", .ineffective = "2026-03-15",
    .description = "Validity period longer than 398 days (86,400 s each) for a certificate issued before 2026-03-15",
    .zlint = "e_tls_server_cert_valid_time_longer_than_398_days", .pkilint = "cabf.serverauth.certificate_validity_period_exceeds_398_days",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = tls_check_validity,
};

CS_RULE(tls_validity_over_200_days) = {
    .id = "tls_validity_over_200_days", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 6.3.2 (SC-081)", .effective = "2026-03-15", .ineffective = "2027-03-15",
    .description = "Validity period longer than 200 days for a certificate issued from 2026-03-15 to 2027-03-14",
    .zlint = "e_server_cert_valid_time_longer_than_200_days", .pkilint = "cabf.serverauth.certificate_validity_period_exceeds_200_days",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = tls_check_validity,
};

CS_RULE(tls_validity_over_100_days) = {
    .id = "tls_validity_over_100_days", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 6.3.2 (SC-081)", .effective = "2027-03-15", .ineffective = "2029-03-15",
    .description = "Validity period longer than 100 days for a certificate issued from 2027-03-15 to 2029-03-14",
    .zlint = "e_server_cert_valid_time_longer_than_100_days", .pkilint = "cabf.serverauth.certificate_validity_period_exceeds_100_days",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = tls_check_validity,
};

CS_RULE(tls_validity_over_47_days) = {
    .id = "tls_validity_over_47_days", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 6.3.2 (SC-081)", .effective = "2029-03-15", .ineffective = NULL,
    .description = "Validity period longer than 47 days for a certificate issued from 2029-03-15",
    .zlint = "e_server_cert_valid_time_longer_than_47_days", .pkilint = "cabf.serverauth.certificate_validity_period_exceeds_47_days",
    .applies_to = "TLS subscriber certificates", .applies = tls_subscriber, .check = tls_check_validity,
};
