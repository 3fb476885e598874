"""qa_repeat_layer.py OUT NFILES NREFS NIMAGES: a docker save tarball whose
manifest names one layer of NFILES files NREFS times in each of NIMAGES images."""
import tarfile, io, json, hashlib, sys
out, nfiles, nrefs, nimages = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
b = io.BytesIO(); t = tarfile.open(fileobj=b, mode='w')
for i in range(nfiles):
    ti = tarfile.TarInfo('app/f%06d' % i); ti.size = 0; t.addfile(ti, io.BytesIO(b''))
t.close(); L = b.getvalue()
dig = hashlib.sha256(L).hexdigest()
cfg = json.dumps({"architecture": "amd64", "os": "linux", "config": {"User": "app"},
                  "rootfs": {"type": "layers", "diff_ids": ["sha256:" + dig] * nrefs}}).encode()
man = json.dumps([{"Config": "c.json", "RepoTags": ["rep%d:1" % k], "Layers": ["l/layer.tar"] * nrefs}
                  for k in range(nimages)]).encode()
o = tarfile.open(out, "w")
for n, d in (("l/layer.tar", L), ("c.json", cfg), ("manifest.json", man)):
    ti = tarfile.TarInfo(n); ti.size = len(d); o.addfile(ti, io.BytesIO(d))
o.close()
