"""Set up a fresh moto server for the probe tests: IAM user with a key, a role it may assume,
buckets in us-east-1 and eu-west-1, and AssumeRole session credentials.

Usage: python moto_setup.py PORT. Talks only to http://127.0.0.1:PORT. Writes one JSON object
to stdout, which the Rust test reads into memory (never printed by the tests).
"""
import json
import sys
import urllib.request

import boto3
from botocore.config import Config


def moto_auth(port, count):
    # moto's admin API: "inf" switches signature checks off, "0" enforces them from now on.
    req = urllib.request.Request(f"http://127.0.0.1:{port}/moto-api/reset-auth", data=count.encode(),
                                 method="POST", headers={"Content-Type": "text/plain"})
    urllib.request.urlopen(req, timeout=10).read()


def aws(service, port, key, secret, token=None, region="us-east-1"):
    cfg = Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"})
    return boto3.client(service, endpoint_url=f"http://127.0.0.1:{port}", region_name=region,
                        aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token,
                        config=cfg)


def main():
    port = sys.argv[1]
    allow_all = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "sts:*"], "Resource": "*"}]}
    moto_auth(port, "inf")
    try:
        iam = aws("iam", port, "AKIAEXAMPLESETUP0000", "setup")
        iam.create_user(UserName="cosmo-probe")
        iam.put_user_policy(UserName="cosmo-probe", PolicyName="all", PolicyDocument=json.dumps(allow_all))
        key = iam.create_access_key(UserName="cosmo-probe")["AccessKey"]
        arn = iam.get_user(UserName="cosmo-probe")["User"]["Arn"]
        trust = {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": arn}}]}
        role = iam.create_role(RoleName="cosmo-probe-role", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
        iam.put_role_policy(RoleName="cosmo-probe-role", PolicyName="all", PolicyDocument=json.dumps(allow_all))
        aws("s3", port, "AKIAEXAMPLESETUP0000", "setup").create_bucket(Bucket="probe-us")
        aws("s3", port, "AKIAEXAMPLESETUP0000", "setup", region="eu-west-1").create_bucket(
            Bucket="probe-eu", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    finally:
        moto_auth(port, "0")
    session = aws("sts", port, key["AccessKeyId"], key["SecretAccessKey"]).assume_role(
        RoleArn=role["Arn"], RoleSessionName="cosmo-probe", DurationSeconds=900)["Credentials"]
    json.dump({"key": key["AccessKeyId"], "secret": key["SecretAccessKey"],
               "role_key": session["AccessKeyId"], "role_secret": session["SecretAccessKey"],
               "role_token": session["SessionToken"]}, sys.stdout)


if __name__ == "__main__":
    main()
