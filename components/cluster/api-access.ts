/**
 * The one rule every cloud applies to a public Kubernetes API endpoint. Pure: the validators of all
 * three clusters read it without importing Pulumi.
 */

/**
 * The widest network `apiAccess.allowedCidrs` may name: a /8. Refusing only 0.0.0.0/0 is not
 * enough: 0.0.0.0/1 with 128.0.0.0/1 (or a handful of /2s) opens the endpoint to the internet just
 * as surely, and passes the checks that look for /0 (CIS EKS 5.4.1, CIS GKE 5.6.3, CIS AKS 5.4.1;
 * Checkov CKV_AWS_38, CKV_GCP_20, CKV_AZURE_6). A /8 is 16.7 million addresses; no office, VPN or
 * CI runner range needs more.
 */
export const MIN_API_ACCESS_PREFIX = 8;
