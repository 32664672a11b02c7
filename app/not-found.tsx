import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg px-6 py-24 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-slate-600">
        This page does not exist, or it belongs to another partner account.
      </p>
      <p className="mt-6">
        <Link href="/event-log" className="font-medium text-blue-700 underline hover:text-blue-900">
          Go to the Event Log
        </Link>
      </p>
    </main>
  );
}
