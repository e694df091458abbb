// The core's test authenticator trusts x-test-role and x-test-cameras and grants every loaded
// plugin's permissions, which is all these tests need.
export { headerAuthPlugin as testAuthPlugin } from '../../../../core/test/support/test-plugins';
