import { Card } from "~/components/ui/card";
import { Skeleton, TableSkeleton } from "~/components/ui/spinner";

export default function Loading() {
  return (
    <div className="space-y-4">
      <Skeleton className="h-5 w-48" />
      <Card className="p-4">
        <Skeleton className="h-16 w-full" />
      </Card>
      <Card>
        <TableSkeleton label="Loading the customer's billing" rows={6} />
      </Card>
    </div>
  );
}
