import { Card } from "~/components/ui/card";
import { Skeleton, TableSkeleton } from "~/components/ui/spinner";

export default function Loading() {
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Billing</h1>
      <Card className="p-4">
        <Skeleton className="h-24 w-full" />
      </Card>
      <Card>
        <TableSkeleton label="Loading billing" rows={8} />
      </Card>
    </div>
  );
}
