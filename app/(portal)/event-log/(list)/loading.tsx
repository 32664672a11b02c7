import { Card } from "~/components/ui/card";
import { Skeleton, TableSkeleton } from "~/components/ui/spinner";

export default function Loading() {
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Event Log</h1>
      <Card className="p-4">
        <Skeleton className="h-10 w-full" />
      </Card>
      <Card>
        <TableSkeleton label="Loading the Event Log" rows={10} />
      </Card>
    </div>
  );
}
