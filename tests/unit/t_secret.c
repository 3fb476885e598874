/*
 * t_secret.c - the secret candidate predicates and the content scanner:
 * every hit kind, and look-alikes that must not hit.
 */
#include "test.h"
#include "secret.h"
#include "image_secret.h"

static unsigned scan(const char *path, const char *s)
{
	return secret_scan(path, s, strlen(s));
}

TEST(candidates_by_name)
{
	static const char *const yes[] = {
		"root/.ssh/id_rsa",
		"home/u/.ssh/id_ed25519",
		"id_ecdsa",
		"srv/tls/server.key",
		"usr/share/x/cert.pem",
		"app/.env",
		"app/.env.production",
		"app/prod.env",
		"root/.aws/credentials",
		"root/.docker/config.json",
		"app/.npmrc",
		"root/.pypirc",
		"root/.git-credentials",
		"root/.netrc",
		"x/store.p12",
		"x/a.pfx",
		"x/b.keystore",
		"x/c.jks",
	};
	static const char *const no[] = {
		"root/.ssh/id_rsa.pub",
		"usr/bin/env",
		"usr/lib/python3/config.py",
		"etc/keys",
		"usr/share/doc/README",
		"app/environment",
		"usr/lib/x/id_",
	};

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++)
		CHECK(secret_name_is_candidate(yes[i]));
	for (size_t i = 0; i < ARRAY_SIZE(no); i++)
		CHECK(!secret_name_is_candidate(no[i]));
}

TEST(candidates_by_place_and_size)
{
	CHECK(secret_is_candidate("etc/app.conf", 100, 65536));
	CHECK(secret_is_candidate("home/u/notes.txt", 65536, 65536));
	CHECK(secret_is_candidate("usr/src/app/main.c", 10, 65536));
	CHECK(secret_is_candidate("var/www/html/index.php", 10, 65536));
	CHECK(!secret_is_candidate("etc/big.db", 65537, 65536));
	CHECK(!secret_is_candidate("usr/bin/ls", 10, 65536));
	CHECK(!secret_is_candidate("etcetera/x", 10, 65536));
	/* A secret name is scanned whatever its size. */
	CHECK(secret_is_candidate("usr/lib/huge.pem", 1LL << 30, 65536));
}

TEST(env_names)
{
	static const char *const yes[] = {
		"DB_PASSWORD",
		"MYSQL_ROOT_PASSWD",
		"APP_SECRET",
		"GITHUB_TOKEN",
		"API_KEY",
		"STRIPE_APIKEY",
		"AWS_ACCESS_KEY_ID",
		"GPG_PRIVATE_KEY",
		"GOOGLE_CREDENTIALS",
		"AUTH",
		"NPM_AUTH_TOKEN",
		"basic_auth",
		"aws_secret_access_key",
	};
	static const char *const no[] = {
		"PATH",	    "HOME",   "DB_PASSWORD_FILE",  "TOKEN_PATH", "SECRETS_DIR",
		"AUTH_URL", "AUTHOR", "OAUTHLIB_INSECURE", "LANG",	 "KEYBOARD",
	};

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++)
		CHECK(secret_name(yes[i], strlen(yes[i])));
	for (size_t i = 0; i < ARRAY_SIZE(no); i++)
		CHECK(!secret_name(no[i], strlen(no[i])));
}

TEST(hit_pem)
{
	CHECK_INT(scan("k", "x\n-----BEGIN RSA PRIVATE KEY-----\nMII\n"), HIT_PEM_PRIVATE_KEY);
	CHECK_INT(scan("k", "-----BEGIN PRIVATE KEY-----"), HIT_PEM_PRIVATE_KEY);
	CHECK_INT(scan("k", "-----BEGIN OPENSSH PRIVATE KEY-----\n"), HIT_PEM_PRIVATE_KEY);
	CHECK_INT(scan("k", "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"), HIT_PEM_PRIVATE_KEY);
	CHECK_INT(scan("k", "-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n"), 0);
	CHECK_INT(scan("k", "-----BEGIN PUBLIC KEY-----\n"), 0);
	CHECK_INT(scan("k", "-----BEGIN RSA\nPRIVATE KEY-----"), 0);
}

TEST(hit_aws)
{
	CHECK_INT(scan("f", "id = AKIAIOSFODNN7EXAMPLE\n"), HIT_AWS_ACCESS_KEY);
	CHECK_INT(scan("f", "\"ASIAIOSFODNN7EXAMPLE\""), HIT_AWS_ACCESS_KEY);
	CHECK_INT(scan("f", "AKIAIOSFODNN7EXAMPL"), 0);	  /* too short */
	CHECK_INT(scan("f", "AKIAIOSFODNN7EXAMPLEX"), 0); /* too long */
	CHECK_INT(scan("f", "XAKIAIOSFODNN7EXAMPLE"), 0);
	CHECK_INT(scan("f", "akiaiosfodnn7example"), 0);
	CHECK_INT(scan("f", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"),
		  HIT_AWS_SECRET);
	CHECK_INT(scan("f", "AWS_SECRET_ACCESS_KEY: \"wJalrXUtnFEMI/K7MDENG\"\n"), HIT_AWS_SECRET);
	CHECK_INT(scan("f", "aws_secret_access_key = ${AWS_SECRET}\n"), 0);
	CHECK_INT(scan("f", "aws_secret_access_key =\n"), 0);
	CHECK_INT(scan("f", "aws_secret_access_key = short\n"), 0);
}

TEST(hit_tokens)
{
	char gh[64], pat[64];

	snprintf(gh, sizeof(gh), "token: ghp_%s", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ");
	CHECK_INT(scan("f", gh), HIT_GITHUB_TOKEN);
	snprintf(pat, sizeof(pat), "github_pat_%s", "11ABCDEFG0123456789_abcdefghij");
	CHECK_INT(scan("f", pat), HIT_GITHUB_TOKEN);
	CHECK_INT(scan("f", "ghp_short"), 0);
	CHECK_INT(scan("f", "xghp_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"), 0);
	CHECK_INT(scan("f", "GITLAB=glpat-abcdefghij0123456789"), HIT_GITLAB_TOKEN);
	CHECK_INT(scan("f", "glpat-short"), 0);
	CHECK_INT(scan("f", "xoxb-1234567890-abcdef"), HIT_SLACK_TOKEN);
	CHECK_INT(scan("f", "xoxp-12345"), 0);
	CHECK_INT(scan("f", "xoxz-1234567890-abcdef"), 0);
}

TEST(hit_docker_auth)
{
	CHECK_INT(scan("root/.docker/config.json",
		       "{\"auths\": {\"r.example\": {\"auth\": \"dXNlcjpwYXNz\"}}}"),
		  HIT_DOCKER_AUTH);
	CHECK_INT(scan("c.json", "{\"auths\":{\"r\":{\"identitytoken\":\"abc\"}}}"),
		  HIT_DOCKER_AUTH);
	CHECK_INT(scan("c.json", "{\"auths\": {\"r.example\": {\"auth\": \"\"}}}"), 0);
	CHECK_INT(scan("c.json", "{\"auths\": {}, \"credsStore\": \"pass\"}"), 0);
	CHECK_INT(scan("c.json", "{\"auth\": \"x\"}"), 0);
}

TEST(hit_npm)
{
	CHECK_INT(scan(".npmrc", "//registry.npmjs.org/:_authToken=npm_abcdef\n"), HIT_NPM_TOKEN);
	CHECK_INT(scan(".npmrc", "_auth = dXNlcjpwYXNz\n"), HIT_NPM_TOKEN);
	CHECK_INT(scan(".npmrc", "//r/:_password=cGFzcw==\n"), HIT_NPM_TOKEN);
	CHECK_INT(scan(".npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n"), 0);
	CHECK_INT(scan(".npmrc", "registry=https://registry.npmjs.org/\n"), 0);
	CHECK_INT(scan(".npmrc", "_authToken=\n"), 0);
}

TEST(hit_pypi)
{
	CHECK_INT(scan("root/.pypirc", "[pypi]\nusername = me\npassword = s3cret\n"),
		  HIT_PYPI_PASSWORD);
	CHECK_INT(scan("root/.pypirc", "[pypi]\nusername = __token__\n"), 0);
	/* Only in .pypirc: elsewhere "password =" is too common to mean anything. */
	CHECK_INT(scan("etc/app.ini", "password = s3cret\n"), 0);
}

TEST(hit_url_credentials)
{
	CHECK_INT(scan(".git-credentials", "https://user:s3cr3t@github.com\n"),
		  HIT_URL_CREDENTIALS);
	CHECK_INT(scan("f", "DATABASE=postgres://app:pw@db:5432/x"), HIT_URL_CREDENTIALS);
	CHECK_INT(scan("f", "https://github.com/user/repo"), 0);
	CHECK_INT(scan("f", "https://user@github.com/"), 0);
	CHECK_INT(scan("f", "https://${USER}:${PASS}@host/"), 0);
	CHECK_INT(scan("f", "https://user:$PASS@host/"), 0);
	CHECK_INT(scan("f", "http://[::1]:8080/"), 0);
	CHECK_INT(scan("f", "http://host:8080/path@x"), 0);
}

TEST(hit_env_file)
{
	CHECK_INT(scan("app/.env", "DEBUG=1\nDB_PASSWORD=hunter2\n"), HIT_ENV_SECRET);
	CHECK_INT(scan("app/prod.env", "export API_KEY='abc'\n"), HIT_ENV_SECRET);
	CHECK_INT(scan("app/.env", "DB_PASSWORD=\nDB_PASSWORD_FILE=/run/secrets/db\n"), 0);
	CHECK_INT(scan("app/.env", "TOKEN=${TOKEN}\n"), 0);
	CHECK_INT(scan("app/.env", "# DB_PASSWORD=x\n"), 0);
	/* KEY=value only counts in env files. */
	CHECK_INT(scan("app/run.sh", "DB_PASSWORD=hunter2\n"), 0);
}

TEST(binary_and_bounds)
{
	static const char bin[] = "\0\x01-----BEGIN RSA PRIVATE KEY-----\0AKIAIOSFODNN7EXAMPLE";
	const char *pem = "-----BEGIN RSA PRIVATE KEY-----";

	CHECK_INT(secret_scan("f", bin, sizeof(bin) - 1), HIT_PEM_PRIVATE_KEY | HIT_AWS_ACCESS_KEY);
	/* A window cut in the middle of a marker sees nothing and reads nothing past it. */
	CHECK_INT(secret_scan("f", pem, 20), 0);
	CHECK_INT(secret_scan("f", "", 0), 0);
	CHECK_INT(secret_scan("f", "AKIA", 4), 0);
	CHECK_INT(secret_scan("f", "https://a:b@", 12), 0);
}

int main(void)
{
	RUN(candidates_by_name);
	RUN(candidates_by_place_and_size);
	RUN(env_names);
	RUN(hit_pem);
	RUN(hit_aws);
	RUN(hit_tokens);
	RUN(hit_docker_auth);
	RUN(hit_npm);
	RUN(hit_pypi);
	RUN(hit_url_credentials);
	RUN(hit_env_file);
	RUN(binary_and_bounds);
	return test_done();
}
