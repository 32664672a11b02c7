import { Card } from "~/components/ui/card";
import { TableSkeleton } from "~/components/ui/spinner";

export default function Loading() {
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Customers</h1>
      <Card>
        <TableSkeleton label="Loading customers" />
      </Card>
    </div>
  );
}
