import { useEffect, useState } from 'react';
import { api } from '../api';

/** Photos need the bearer token, so they are fetched and shown from a blob URL. */
export function Photo({ sha256, alt }: { sha256: string; alt: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let alive = true;
    let made: string | null = null;
    api<Response>(`/api/v1/photos/${sha256}`, { raw: true, headers: { accept: 'image/*' } })
      .then((r) => r.blob())
      .then((b) => {
        if (!alive) return;
        made = URL.createObjectURL(b);
        setUrl(made);
      })
      .catch(() => alive && setFailed(true));
    return () => {
      alive = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [sha256]);
  if (failed) return <span className="photo missing">{alt} ✕</span>;
  return url ? <img className="photo" src={url} alt={alt} /> : <span className="photo loading" aria-busy="true" />;
}
